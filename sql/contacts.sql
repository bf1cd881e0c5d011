-- @since 0.2.0
-- Repeat contacts, first-contact resolution and complaint categories
-- (docs/contacts.md; methodology sections 4.3 to 4.5).
--
-- contact_state: the contacts of customers on topics, reduced to episodes
-- (chains of contacts each within the window of the one before), exact and
-- mergeable across periods, shards and parallel workers.

CREATE TYPE contact_state;

CREATE FUNCTION contact_state_in(cstring) RETURNS contact_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION contact_state_out(contact_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION contact_state_recv(internal) RETURNS contact_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION contact_state_send(contact_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE contact_state (
    INPUT = contact_state_in,
    OUTPUT = contact_state_out,
    RECEIVE = contact_state_recv,
    SEND = contact_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON FUNCTION contact_state_in(cstring) IS 'Text input of contact_state';
COMMENT ON FUNCTION contact_state_out(contact_state) IS 'Text output of contact_state';
COMMENT ON FUNCTION contact_state_recv(internal) IS 'Binary input of contact_state';
COMMENT ON FUNCTION contact_state_send(contact_state) IS 'Binary output of contact_state';
COMMENT ON TYPE contact_state IS
    'Contacts of customers on topics as episodes within a window: mergeable state of contact_agg(), read by contact_repeats() and contact_fcr()';

-- Transition functions: (customer, topic, at, within) [calendar] [label, resolved]
CREATE FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval, business_calendar)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval, business_calendar)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval, text, boolean)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval, text, boolean)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval, business_calendar, text, boolean)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval, business_calendar, text, boolean)
    RETURNS contact_state
    AS 'MODULE_PATHNAME', 'contact_state_accum_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval) IS
    'Add a contact (customer, topic, at) with the repeat window (transition function; NULL customer or time skipped)';
COMMENT ON FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval) IS
    'Add a contact (customer id as text, topic, at) with the repeat window (transition function; NULL customer or time skipped)';
COMMENT ON FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval, business_calendar) IS
    'Add a contact with a repeat window of working time in the calendar (transition function)';
COMMENT ON FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval, business_calendar) IS
    'Add a contact (customer id as text) with a repeat window of working time in the calendar (transition function)';
COMMENT ON FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval, text, boolean) IS
    'Add a contact with its label (channel, agent) and whether its case was resolved (transition function)';
COMMENT ON FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval, text, boolean) IS
    'Add a contact (customer id as text) with its label and whether its case was resolved (transition function)';
COMMENT ON FUNCTION contact_state_accum(contact_state, bigint, text, timestamptz, interval, business_calendar, text, boolean) IS
    'Add a contact with a window of working time, its label and whether its case was resolved (transition function)';
COMMENT ON FUNCTION contact_state_accum(contact_state, text, text, timestamptz, interval, business_calendar, text, boolean) IS
    'Add a contact (customer id as text) with a window of working time, its label and whether its case was resolved (transition function)';

CREATE FUNCTION contact_state_combine(contact_state, contact_state) RETURNS contact_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION contact_state_combine(contact_state, contact_state) IS
    'Merge two contact states (combine function of contact_agg; repeats across them found)';
CREATE FUNCTION contact_state_plus(contact_state, contact_state) RETURNS contact_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contact_state_plus(contact_state, contact_state) IS
    'Merge two contact states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = contact_state,
    RIGHTARG = contact_state,
    FUNCTION = contact_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (contact_state, contact_state) IS
    'Merge two contact states: the contacts of both, repeats across them found';

CREATE AGGREGATE contact_agg(customer bigint, topic text, at timestamptz, within interval) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer text, topic text, at timestamptz, within interval) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer bigint, topic text, at timestamptz, within interval,
                             calendar business_calendar) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer text, topic text, at timestamptz, within interval,
                             calendar business_calendar) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer bigint, topic text, at timestamptz, within interval,
                             label text, resolved boolean) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer text, topic text, at timestamptz, within interval,
                             label text, resolved boolean) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer bigint, topic text, at timestamptz, within interval,
                             calendar business_calendar, label text, resolved boolean) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE contact_agg(customer text, topic text, at timestamptz, within interval,
                             calendar business_calendar, label text, resolved boolean) (
    SFUNC = contact_state_accum, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE contact_agg(bigint, text, timestamptz, interval) IS
    'Contact state of contacts (customer, topic, at): a contact is repeated when the customer comes back on the topic within the window';
COMMENT ON AGGREGATE contact_agg(text, text, timestamptz, interval) IS
    'Contact state of contacts (customer id as text, topic, at) with a repeat window';
COMMENT ON AGGREGATE contact_agg(bigint, text, timestamptz, interval, business_calendar) IS
    'Contact state with a repeat window of working time in a business calendar';
COMMENT ON AGGREGATE contact_agg(text, text, timestamptz, interval, business_calendar) IS
    'Contact state (customer id as text) with a repeat window of working time in a business calendar';
COMMENT ON AGGREGATE contact_agg(bigint, text, timestamptz, interval, text, boolean) IS
    'Contact state with each contact''s label (channel, agent) and whether its case was resolved, for first-contact resolution';
COMMENT ON AGGREGATE contact_agg(text, text, timestamptz, interval, text, boolean) IS
    'Contact state (customer id as text) with labels and resolved flags, for first-contact resolution';
COMMENT ON AGGREGATE contact_agg(bigint, text, timestamptz, interval, business_calendar, text, boolean) IS
    'Contact state with a window of working time, labels and resolved flags';
COMMENT ON AGGREGATE contact_agg(text, text, timestamptz, interval, business_calendar, text, boolean) IS
    'Contact state (customer id as text) with a window of working time, labels and resolved flags';

CREATE AGGREGATE contact_agg(state contact_state) (
    SFUNC = contact_state_combine, STYPE = contact_state,
    COMBINEFUNC = contact_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE contact_agg(contact_state) IS
    'Merge contact states (days, shards) into one: repeats across them found';

CREATE FUNCTION contact_repeats(state contact_state, threshold double precision DEFAULT 0.15,
                                level double precision DEFAULT 0.95,
                                followed_by contact_state DEFAULT NULL)
    RETURNS TABLE (topic text, contacts bigint, repeated bigint, repeat_rate double precision,
                   lower double precision, upper double precision, alarm boolean, undecided bigint)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION contact_repeats(contact_state, double precision, double precision, contact_state) IS
    'Per topic: contacts, repeated contacts, repeat rate with its Wilson interval, alarm when above the threshold (default 15%), undecided contacts; followed_by: the next period''s state';

CREATE FUNCTION contact_repeat_rate(state contact_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contact_repeat_rate(contact_state) IS
    'Repeated contacts / contacts over all topics, 0-1';
CREATE FUNCTION contact_repeat_rate(state contact_state, topic text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'contact_repeat_rate_topic' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contact_repeat_rate(contact_state, text) IS
    'Repeated contacts / contacts of one topic, 0-1; NULL when the topic has no contacts';

CREATE FUNCTION contact_fcr(state contact_state, by text DEFAULT 'topic',
                            level double precision DEFAULT 0.95,
                            decided_only boolean DEFAULT false,
                            followed_by contact_state DEFAULT NULL)
    RETURNS TABLE (topic text, label text, episodes bigint, resolved_first bigint,
                   fcr double precision, lower double precision, upper double precision,
                   undecided bigint)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION contact_fcr(contact_state, text, double precision, boolean, contact_state) IS
    'First-contact resolution by topic, label, topic_label or all: problems (episodes) resolved at their first contact, with the Wilson interval';

CREATE FUNCTION contact_summary(state contact_state,
                                OUT contacts bigint, OUT repeated bigint, OUT episodes bigint,
                                OUT keys bigint, OUT topics integer, OUT labels integer,
                                OUT within interval, OUT business_time boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contact_summary(contact_state) IS
    'Totals of a contact state: contacts, repeated, episodes, customer-topic keys, topics, labels, the window and whether it is working time';

-- category_state: exact counts (and sums of weights) per category, for the
-- shares, Pareto view and mix comparison of complaint or contact reasons.

CREATE TYPE category_state;

CREATE FUNCTION category_state_in(cstring) RETURNS category_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION category_state_out(category_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION category_state_recv(internal) RETURNS category_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION category_state_send(category_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE category_state (
    INPUT = category_state_in,
    OUTPUT = category_state_out,
    RECEIVE = category_state_recv,
    SEND = category_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON FUNCTION category_state_in(cstring) IS 'Text input of category_state';
COMMENT ON FUNCTION category_state_out(category_state) IS 'Text output of category_state';
COMMENT ON FUNCTION category_state_recv(internal) IS 'Binary input of category_state';
COMMENT ON FUNCTION category_state_send(category_state) IS 'Binary output of category_state';
COMMENT ON TYPE category_state IS
    'Counts (and sums of weights) per category: mergeable state of category_agg(), read by category_shares() and category_compare()';

CREATE FUNCTION category_state_accum(category_state, text) RETURNS category_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION category_state_accum(category_state, text) IS
    'Count a row of a category (transition function; NULL is a category of its own)';
CREATE FUNCTION category_state_accum(category_state, text, double precision) RETURNS category_state
    AS 'MODULE_PATHNAME', 'category_state_accum_weighted' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION category_state_accum(category_state, text, double precision) IS
    'Count a weighted row of a category (transition function; a NULL weight skips the row)';
CREATE FUNCTION category_state_combine(category_state, category_state) RETURNS category_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION category_state_combine(category_state, category_state) IS
    'Merge two category states (combine function of category_agg)';
CREATE FUNCTION category_state_plus(category_state, category_state) RETURNS category_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION category_state_plus(category_state, category_state) IS
    'Merge two category states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = category_state,
    RIGHTARG = category_state,
    FUNCTION = category_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (category_state, category_state) IS
    'Merge two category states: the counts of both';

CREATE AGGREGATE category_agg(category text) (
    SFUNC = category_state_accum, STYPE = category_state,
    COMBINEFUNC = category_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE category_agg(text) IS
    'Category state: the count of each category (a NULL category counts as one)';
CREATE AGGREGATE category_agg(category text, weight double precision) (
    SFUNC = category_state_accum, STYPE = category_state,
    COMBINEFUNC = category_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE category_agg(text, double precision) IS
    'Weighted category state: count and sum of weights of each category (NULL weights skipped)';
CREATE AGGREGATE category_agg(state category_state) (
    SFUNC = category_state_combine, STYPE = category_state,
    COMBINEFUNC = category_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE category_agg(category_state) IS
    'Merge category states (days, shards) into one';

CREATE FUNCTION category_shares(state category_state, level double precision DEFAULT 0.95,
                                class_a double precision DEFAULT 0.80,
                                class_b double precision DEFAULT 0.95)
    RETURNS TABLE (rank integer, category text, count bigint, weight double precision,
                   share double precision, lower double precision, upper double precision,
                   cumulative_share double precision, pareto_class text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION category_shares(category_state, double precision, double precision, double precision) IS
    'Categories from the largest: count, weight, share with its Wilson interval, cumulative share and Pareto (ABC) class';
CREATE FUNCTION category_top(state category_state, k integer) RETURNS text[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION category_top(category_state, integer) IS
    'The k largest categories, largest first';
CREATE FUNCTION category_count(state category_state, category text) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION category_count(category_state, text) IS
    'Rows of one category (0 when absent)';
CREATE FUNCTION category_share(state category_state, category text) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION category_share(category_state, text) IS
    'Share of one category, 0-1 (0 when absent; NULL when the state weighs nothing)';
CREATE FUNCTION category_total(state category_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION category_total(category_state) IS 'Rows of all categories';

CREATE FUNCTION category_compare(a category_state, b category_state,
                                 level double precision DEFAULT 0.95)
    RETURNS TABLE (category text, count_a bigint, count_b bigint,
                   share_a double precision, share_b double precision,
                   difference double precision, lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION category_compare(category_state, category_state, double precision) IS
    'Per category: counts and shares of a and b and share(a) - share(b) with Newcombe''s hybrid score interval';
CREATE FUNCTION category_mix_test(a category_state, b category_state,
                                  OUT chi_square double precision, OUT df integer,
                                  OUT p_value double precision, OUT min_expected double precision,
                                  OUT cramers_v double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION category_mix_test(category_state, category_state) IS
    'Chi-square test of homogeneity of two states'' category mixes (a, b): statistic, degrees of freedom, p-value, smallest expected count, Cramer''s V';
