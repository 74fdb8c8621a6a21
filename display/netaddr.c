/* SPDX-License-Identifier: MIT */
#include "display/netaddr.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Whether a connection to @sa (@len bytes) is accepted: the daemon listens there. */
static bool netaddr_accepts(const struct sockaddr *sa, socklen_t len)
{
	struct timeval tv = { 0, 300000 }; /* an address of this machine answers at once */
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	ok = connect(fd, sa, len) == 0;
	close(fd);
	return ok;
}

/* The first address of this machine of @family, not loopback nor link-local, that accepts @port. */
static int netaddr_local(int family, int port, char *out, size_t size)
{
	struct ifaddrs *ifs, *i;
	int rc = -1;

	if (getifaddrs(&ifs) < 0)
		return -1;
	for (i = ifs; i && rc < 0; i = i->ifa_next) {
		char addr[INET6_ADDRSTRLEN];

		if (!i->ifa_addr || i->ifa_addr->sa_family != family || !(i->ifa_flags & IFF_UP) ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (family == AF_INET) {
			struct sockaddr_in sin = *(struct sockaddr_in *)i->ifa_addr;

			sin.sin_port = htons((uint16_t)port);
			inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof(addr));
			if (netaddr_accepts((struct sockaddr *)&sin, sizeof(sin)))
				rc = snprintf(out, size, "%s", addr) < (int)size ? 0 : -1;
		} else {
			struct sockaddr_in6 sin6 = *(struct sockaddr_in6 *)i->ifa_addr;

			if (IN6_IS_ADDR_LINKLOCAL(&sin6.sin6_addr))
				continue;
			sin6.sin6_port = htons((uint16_t)port);
			inet_ntop(AF_INET6, &sin6.sin6_addr, addr, sizeof(addr));
			if (netaddr_accepts((struct sockaddr *)&sin6, sizeof(sin6)))
				rc = snprintf(out, size, "[%s]", addr) < (int)size ? 0 : -1;
		}
	}
	freeifaddrs(ifs);
	return rc;
}

int netaddr_console_url(const char *source_url, char *out, size_t size)
{
	const char *host = strstr(source_url, "://"), *end;
	char h[256], addr[INET6_ADDRSTRLEN + 2];
	long port = 80;
	int n;

	if (!host)
		return -1;
	host += 3;
	end = host[0] == '[' ? strchr(host, ']') : host + strcspn(host, ":/");
	if (!end)
		return -1;
	if (host[0] == '[')
		end++;
	if ((size_t)(end - host) >= sizeof(h) || end == host)
		return -1;
	memcpy(h, host, (size_t)(end - host));
	h[end - host] = '\0';
	if (*end == ':') {
		char *pe;

		port = strtol(end + 1, &pe, 10);
		if (pe == end + 1 || port < 1 || port > 65535)
			return -1;
	} else if (strncmp(source_url, "https", 5) == 0) {
		port = 443;
	}
	if (strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 || strcmp(h, "[::1]") == 0) {
		if (netaddr_local(AF_INET, (int)port, addr, sizeof(addr)) < 0 &&
		    netaddr_local(AF_INET6, (int)port, addr, sizeof(addr)) < 0)
			return -1;
		n = snprintf(out, size, "http://%s:%ld/console", addr, port);
	} else {
		n = snprintf(out, size, "%.*s://%s:%ld/console", (int)(host - 3 - source_url),
			     source_url, h, port);
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
