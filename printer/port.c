/* SPDX-License-Identifier: MIT */
#include "printer/port.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

struct port {
	int fd;
};

static int64_t port_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until @fd is ready for @events, at most until monotonic @deadline. */
static int port_wait(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	for (;;) {
		int64_t left = deadline - port_now_ms();
		int n;

		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

static int port_open_device(const char *path, char *err, size_t errsize)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct termios t;

	if (fd < 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* A serial port or a pseudo terminal: bytes as they are, no echo, no CR added. */
	if (isatty(fd) && tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

/* "HOST:PORT" or "[V6]:PORT" into @host and @service. */
static int port_split(const char *addr, char *host, size_t hsize, char *service, size_t ssize)
{
	const char *colon = strrchr(addr, ':');
	const char *h = addr;
	size_t n;

	if (!colon)
		return -1;
	n = (size_t)(colon - addr);
	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']') {
		h++;
		n -= 2;
	}
	if (n == 0 || n >= hsize || strlen(colon + 1) >= ssize)
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	snprintf(service, ssize, "%s", colon + 1);
	return 0;
}

static int port_connect(const char *addr, int timeout_ms, char *err, size_t errsize)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	char host[256], service[16];
	int64_t deadline = port_now_ms() + timeout_ms;
	int fd = -1, rc, soerr = 0, size = PORT_TCP_SNDBUF, one = 1;
	socklen_t len = sizeof(soerr);

	if (port_split(addr, host, sizeof(host), service, sizeof(service)) < 0) {
		snprintf(err, errsize, "%s: expected HOST:PORT", addr);
		return -1;
	}
	rc = getaddrinfo(host, service, &hints, &res);
	if (rc != 0) {
		snprintf(err, errsize, "%s: %s", addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto err_errno;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
		if (errno != EINPROGRESS)
			goto err_errno;
		if (port_wait(fd, POLLOUT, deadline) < 0)
			goto err_errno;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
			goto err_errno;
		if (soerr) {
			errno = soerr;
			goto err_errno;
		}
	}
	freeaddrinfo(res);
	return fd;

err_errno:
	snprintf(err, errsize, "%s: %s", addr, strerror(errno));
	if (fd >= 0)
		close(fd);
	freeaddrinfo(res);
	return -1;
}

struct port *port_open(const char *device, const char *host, int timeout_ms, char *err,
		       size_t errsize)
{
	struct port *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	p->fd = device && device[0] ? port_open_device(device, err, errsize)
				    : port_connect(host, timeout_ms, err, errsize);
	if (p->fd < 0) {
		free(p);
		return NULL;
	}
	return p;
}

void port_close(struct port *p)
{
	if (!p)
		return;
	close(p->fd);
	free(p);
}

int port_write(struct port *p, const uint8_t *data, size_t len, int stall_ms)
{
	int64_t deadline = port_now_ms() + stall_ms;

	while (len > 0) {
		ssize_t n = write(p->fd, data, len);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			deadline = port_now_ms() + stall_ms; /* progress: the printer reads */
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (port_wait(p->fd, POLLOUT, deadline) < 0)
			return -1;
	}
	return 0;
}

int port_status(struct port *p, const uint8_t *query, size_t qlen, uint8_t *reply, size_t rlen,
		int timeout_ms)
{
	int64_t deadline = port_now_ms() + timeout_ms;
	uint8_t junk[256];
	size_t got = 0;

	/* Answers that came too late for an earlier query must not be taken for these. */
	while (read(p->fd, junk, sizeof(junk)) > 0)
		;
	if (port_write(p, query, qlen, timeout_ms) < 0)
		return -1;
	while (got < rlen) {
		ssize_t n = read(p->fd, reply + got, rlen - got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0) {
			errno = ECONNRESET; /* the printer closed the connection */
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (port_wait(p->fd, POLLIN, deadline) < 0)
			return -1;
	}
	return 0;
}
