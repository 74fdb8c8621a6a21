/* SPDX-License-Identifier: MIT */
/*
 * The sensor path inside machiaid: the lines' fds and one timer on the
 * daemon's loop (daemon/loop.h); every event goes through state_commit()
 * (daemon/state.h), so it is journalled and applied like an API call.
 *
 * With [gpio] chip = sim the lines are simulated (sensors/simgpio.h), driven
 * by commands written one per line to the FIFO STATE_DIR/sensors.cmd
 * (docs/sensors.md): for the demo, the simulator and the integration test.
 */
#ifndef MACHIAI_SENSORS_ATTACH_H
#define MACHIAI_SENSORS_ATTACH_H

#include <stddef.h>

#include "daemon/loop.h"
#include "daemon/state.h"

#define SENSORS_ATTACH_SIM_CHIP "sim"
#define SENSORS_ATTACH_FIFO "sensors.cmd"

struct sensors_attach;

/**
 * sensors_attach_new() - open the [gpio] lines of @st's config and serve
 * them on @l. Call after the journal has been replayed into @st; both must
 * outlive the result. A missing chip or line fails with the reason in @err.
 * Return: the attachment (free with sensors_attach_free()), or NULL.
 */
struct sensors_attach *sensors_attach_new(struct loop *l, struct state *st, char *err, size_t size);

/** sensors_attach_free() - stop serving and release the lines; NULL is fine. */
void sensors_attach_free(struct sensors_attach *a);

#endif
