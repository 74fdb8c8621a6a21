# SPDX-License-Identifier: MIT
# display/: machiai-display, the lobby sign (docs/display.md).

DISPLAY_LIB_SRCS := display/status.c display/sse.c display/diag.c display/locale.c \
	display/layout.c display/pngio.c core/civil.c core/lang.c core/wareki.c

PROGRAMS += machiai-display
machiai-display_SRCS := display/main.c display/render.c display/text.c display/chime.c \
	display/stream.c $(DISPLAY_LIB_SRCS)
machiai-display_PKGS := sdl2 SDL2_ttf jansson libcurl libqrencode libpng
machiai-display_LIBS := -lm
