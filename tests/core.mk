# SPDX-License-Identifier: MIT
# Unit tests of the office model and civil time.
TESTS += test_office test_civil
test_office_SRCS := tests/test_office.c $(CORE_SRCS)
test_office_PKGS := cmocka inih
test_office_LIBS := -lm
test_civil_SRCS := tests/test_civil.c $(CORE_SRCS)
test_civil_PKGS := cmocka inih
test_civil_LIBS := -lm
TESTS += test_ticket
test_ticket_SRCS := tests/test_ticket.c core/ticket.c core/civil.c
test_ticket_PKGS := cmocka
TESTS += test_holiday
test_holiday_SRCS := tests/test_holiday.c core/holiday.c core/civil.c
test_holiday_PKGS := cmocka
TESTS += test_calendar
test_calendar_SRCS := tests/test_calendar.c $(CORE_SRCS)
test_calendar_PKGS := cmocka inih
test_calendar_LIBS := -lm
TESTS += test_report
test_report_SRCS := tests/test_report.c daemon/evjson.c $(CORE_SRCS)
test_report_PKGS := cmocka jansson inih
test_report_LIBS := -lm
TESTS += test_reportfile
test_reportfile_SRCS := tests/test_reportfile.c daemon/reportfile.c daemon/reportjson.c \
	daemon/evjson.c daemon/journal.c $(CORE_SRCS)
test_reportfile_PKGS := cmocka jansson inih
test_reportfile_LIBS := -lm
