/* SPDX-License-Identifier: MIT */
#include "daemon/webfiles.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int webfiles_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64 || name[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static const char *webfiles_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".webmanifest", "application/manifest+json" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++) {
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	}
	return "application/octet-stream";
}

int webfiles_read(const char *dir, const char *name, char **data, size_t *len, const char **type)
{
	char path[PATH_MAX];
	struct stat sb;
	char *buf;
	size_t done = 0;
	int fd, n;

	if (!webfiles_name_ok(name)) {
		errno = ENOENT;
		return -1;
	}
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENOENT;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > WEBFILES_FILE_MAX) {
		close(fd);
		errno = ENOENT;
		return -1;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return -1;
	}
	while (done < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + done, (size_t)sb.st_size - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	close(fd);
	*data = buf;
	*len = done;
	*type = webfiles_type(name);
	return 0;
}

static int webfiles_has_index(const char *dir)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/index.html", dir);

	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

int webfiles_find_dir(const char *configured, const char *name, char *buf, size_t size)
{
	static const char *const rel[] = { "/../web/", "/../../web/" };
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	int w;

	if (configured && configured[0]) {
		w = snprintf(buf, size, "%s", configured);
		return w < 0 || (size_t)w >= size ? -1 : 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			w = snprintf(buf, size, "%s%s%s", exe, rel[i], name);
			if (w > 0 && (size_t)w < size && webfiles_has_index(buf))
				return 0;
		}
	}
	w = snprintf(buf, size, "/usr/share/machiai/%s", name);
	return w > 0 && (size_t)w < size && webfiles_has_index(buf) ? 0 : -1;
}
