# SPDX-License-Identifier: MIT
# systemd/: units, udev rule, journald drop-in (installed by the Debian package).
# The unit test here covers daemon/sdnotify.c, the notification client the
# units' Type=notify and WatchdogSec= rely on.
TESTS += test_sdnotify
test_sdnotify_SRCS := tests/test_sdnotify.c daemon/sdnotify.c
test_sdnotify_PKGS := cmocka
CHECK_SCRIPTS += tests/systemd/scripts.sh
