# svcquality: build with PGXS.  `make`, `make install`, `make installcheck`
# (the last against a running server; test/check.sh provides one).

PG_CONFIG ?= pg_config

EXTENSION = svcquality
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is assembled from one SQL file per concept, in dependency
# order.  Add a concept here when you add its sql/<concept>.sql.
SQL_PARTS = rating_state nps satisfaction duration business_calendar proportion timeline timeline_set refund staffing
SQL_INSTALL = sql/$(EXTENSION)--$(EXTVERSION).sql
DATA_built = $(SQL_INSTALL)
DATA = $(wildcard sql/$(EXTENSION)--*--*.sql)

# Regression tests: inputs in test/sql, expected outputs in expected/.
# pg_regress (before 16) reads both from one --inputdir, so build/regress links them.
REGRESS = $(patsubst test/sql/%.sql,%,$(sort $(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=build/regress --outputdir=build/regress \
	--load-extension=$(EXTENSION)
REGRESS_PREP = build/regress/sql build/regress/expected

# Full warnings on our code.  The server's headers are not -Wextra clean
# (unused parameters in inline functions), so they are read as system headers.
PG_CFLAGS = -Wall -Wextra -Werror
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server)
EXTRA_CLEAN = build
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(SQL_INSTALL): $(addprefix sql/,$(addsuffix .sql,$(SQL_PARTS))) $(EXTENSION).control
	{ printf '%s\n' '-- svcquality $(EXTVERSION): generated from sql/*.sql by the Makefile; edit those.'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	  for part in $(filter %.sql,$^); do echo; echo "-- from $$part"; cat $$part; done; } > $@

build/regress/sql:
	mkdir -p build/regress
	ln -sfn ../../test/sql $@

build/regress/expected:
	mkdir -p build/regress
	ln -sfn ../../expected $@

.PHONY: show-version
show-version:
	@echo $(EXTVERSION)
