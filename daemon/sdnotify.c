/* SPDX-License-Identifier: MIT */
#include "daemon/sdnotify.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int sdnotify_send(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t plen, mlen;
	socklen_t salen;
	ssize_t n;
	int fd, saved;

	if (!path || !*path)
		return 0;
	plen = strlen(path);
	mlen = strlen(msg);
	if ((path[0] != '/' && path[0] != '@') || plen >= sizeof(sa.sun_path) || mlen == 0 ||
	    mlen > SDNOTIFY_MSG_MAX) {
		errno = EINVAL;
		return -1;
	}
	memcpy(sa.sun_path, path, plen);
	if (path[0] == '@')
		sa.sun_path[0] = '\0'; /* abstract namespace, not NUL-terminated */
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen + (path[0] == '/'));

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	n = sendto(fd, msg, mlen, MSG_NOSIGNAL, (const struct sockaddr *)&sa, salen);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	return 1;
}

/* Parse a whole decimal number into @out; 0 or -1. */
static int parse_whole(const char *s, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

int64_t sdnotify_watchdog_ms(void)
{
	const char *pid = getenv("WATCHDOG_PID");
	long long usec, p;

	if (parse_whole(getenv("WATCHDOG_USEC"), &usec) < 0 || usec == 0)
		return 0;
	if (pid && *pid) {
		if (parse_whole(pid, &p) < 0 || p != (long long)getpid())
			return 0;
	}
	if (usec < 1000)
		return 1;
	return (int64_t)(usec / 1000);
}
