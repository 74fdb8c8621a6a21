#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: tests/testca.sh DIR SUBJECT_ALT_NAME
# A certificate authority made for one test run and a server certificate
# it signed, both valid for two days: DIR/ca.pem (what the client trusts),
# DIR/server.pem and DIR/server.key (for nginx). SUBJECT_ALT_NAME is
# openssl's form, e.g. "IP:127.0.0.1,DNS:localhost". Used by the feed's
# tests (tests/feed/lib.sh) and by `make image-test` (image/test.sh).
set -eu
dir=${1:?usage: testca.sh DIR SUBJECT_ALT_NAME}
san=${2:?usage: testca.sh DIR SUBJECT_ALT_NAME}
cn=${san#*:}
cn=${cn%%,*}
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=machiai test CA" \
	-keyout "$dir/ca.key" -out "$dir/ca.pem" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
	>/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" \
	-keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$san" >"$dir/ext.cnf"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
	-days 2 -extfile "$dir/ext.cnf" -out "$dir/server.pem" >/dev/null 2>&1
