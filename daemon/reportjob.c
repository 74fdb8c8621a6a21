/* SPDX-License-Identifier: MIT */
#include "daemon/reportjob.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <jansson.h>

#include "core/report.h"
#include "daemon/reportfile.h"
#include "daemon/reportjson.h"

#define REPORTJOB_NICE 10 /* below the loop's thread, when SCHED_IDLE is refused */

struct reportjob {
	struct loop *loop;
	const struct config *cfg;
	const char *state_dir;
	struct reportjob_request req;
	struct reportjob_result res;
	void (*done)(void *arg, struct reportjob *job);
	void *arg;
	pthread_t thread;
	atomic_bool stop; /* reportjob_free() before the end: stop reading */
	bool joined;
	int efd;
};

static void reportjob_fail(struct reportjob_result *res, unsigned status, const char *msg)
{
	res->status = status;
	snprintf(res->message, sizeof(res->message), "%s", msg);
}

/*
 * The report runs only when the loop's thread (and anything else on the
 * machine) has nothing to do: SCHED_IDLE, or else a nice value 10 higher.
 */
static void reportjob_lower_priority(void)
{
	struct sched_param sp = { .sched_priority = 0 };
	int now;

	if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp) == 0)
		return;
	errno = 0;
	now = getpriority(PRIO_PROCESS, (id_t)gettid());
	if (errno == 0)
		setpriority(PRIO_PROCESS, (id_t)gettid(), now + REPORTJOB_NICE);
}

/* The thread: read, fold, write; never touches the loop's state. */
static void *reportjob_run(void *arg)
{
	struct reportjob *job = arg;
	struct reportjob_result *res = &job->res;
	struct reportfile_result *fr = malloc(sizeof(*fr));
	struct report *r = report_new(job->cfg);
	json_t *doc = NULL;
	char err[256];
	uint64_t one = 1;

	reportjob_lower_priority();
	if (!fr || !r) {
		reportjob_fail(res, 500, "out of memory");
		goto signal;
	}
	if (reportfile_read(job->state_dir, job->req.from, job->req.to, r, fr, &job->stop, err,
			    sizeof(err)) < 0) {
		reportjob_fail(res, 400, err);
		goto signal;
	}
	doc = reportjson_build(r, job->req.from, job->req.to, fr);
	if (!doc) {
		reportjob_fail(res, 500, "out of memory");
		goto signal;
	}
	if (job->req.csv) {
		res->body = reportjson_csv(doc, job->req.table, &res->len);
		res->type = "text/csv; charset=utf-8";
	} else {
		res->body = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
		res->len = res->body ? strlen(res->body) : 0;
		res->type = "application/json; charset=utf-8";
	}
	if (!res->body)
		reportjob_fail(res, 500, "out of memory");
	else
		res->status = 200;
signal:
	json_decref(doc);
	report_free(r);
	free(fr);
	if (write(job->efd, &one, sizeof(one)) != sizeof(one))
		abort(); /* an eventfd write of 1 cannot fail */
	return NULL;
}

static void reportjob_join(struct reportjob *job)
{
	if (!job->joined) {
		pthread_join(job->thread, NULL);
		job->joined = true;
	}
}

static void reportjob_on_done(void *arg, int fd, uint32_t revents)
{
	struct reportjob *job = arg;

	(void)fd;
	(void)revents;
	loop_fd_remove(job->loop, job->efd);
	reportjob_join(job);
	job->done(job->arg, job);
}

struct reportjob *reportjob_start(struct loop *l, const struct config *cfg, const char *state_dir,
				  const struct reportjob_request *req,
				  void (*done)(void *arg, struct reportjob *job), void *arg)
{
	struct reportjob *job = calloc(1, sizeof(*job));
	int rc;

	if (!job)
		return NULL;
	job->loop = l;
	job->cfg = cfg;
	job->state_dir = state_dir;
	job->req = *req;
	job->done = done;
	job->arg = arg;
	atomic_init(&job->stop, false);
	job->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (job->efd < 0)
		goto err_free;
	if (loop_fd_add(l, job->efd, LOOP_IN, reportjob_on_done, job) < 0)
		goto err_close;
	rc = pthread_create(&job->thread, NULL, reportjob_run, job);
	if (rc) {
		errno = rc;
		goto err_remove;
	}
	return job;
err_remove:
	loop_fd_remove(l, job->efd);
err_close:
	close(job->efd);
err_free:
	free(job);
	return NULL;
}

const struct reportjob_result *reportjob_result(const struct reportjob *job)
{
	return &job->res;
}

void reportjob_free(struct reportjob *job)
{
	if (!job)
		return;
	atomic_store(&job->stop, true);
	loop_fd_remove(job->loop, job->efd);
	reportjob_join(job);
	close(job->efd);
	free(job->res.body);
	free(job);
}
