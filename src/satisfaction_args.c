/*-------------------------------------------------------------------------
 *
 * satisfaction_args.c
 *	  Helpers of the satisfaction functions: in-place reading of score
 *	  arrays, checks of weights, scales and names, and their errors.
 *
 *-------------------------------------------------------------------------
 */
#include "satisfaction_args.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"

/*
 * Read the header of a float8[] without copying it.  An array stored inline
 * in a tuple usually has a 1-byte varlena header; its fields then sit 3 bytes
 * earlier than in ArrayType, so offsets are taken from the varlena payload.
 * Compressed, external or expanded arrays (a PL/pgSQL variable, say) are
 * flattened first; that copy is rare, a handful of scores being far below
 * the TOAST threshold.  An external or expanded pointer also has a 1-byte
 * header, so VARATT_IS_SHORT alone does not mean "inline".
 */
void
sq_score_array_open(Datum datum, ScoreArray *array, const char *what)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(datum);
	const char *payload;
	int			ndim;
	int32		dataoffset;
	Oid			elemtype;
	int			nelems = 0;

	if (VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw))
		raw = pg_detoast_datum(raw);
	payload = VARDATA_ANY(raw);

#define PAYLOAD_FIELD(dst, offset) memcpy(&(dst), payload + ((offset) - VARHDRSZ), sizeof(dst))
	PAYLOAD_FIELD(ndim, offsetof(ArrayType, ndim));
	PAYLOAD_FIELD(dataoffset, offsetof(ArrayType, dataoffset));
	PAYLOAD_FIELD(elemtype, offsetof(ArrayType, elemtype));
	if (elemtype != FLOAT8OID)
		elog(ERROR, "%s must be an array of double precision", what);
	if (ndim > 1)
		sq_report_list_dimensions(what, ndim, "Each element holds the score of one dimension.");
	if (ndim == 1)
		PAYLOAD_FIELD(nelems, sizeof(ArrayType));
#undef PAYLOAD_FIELD

	array->length = nelems;
	array->nulls = dataoffset != 0 ?
		(const uint8 *) (payload + (sizeof(ArrayType) + 2 * sizeof(int) - VARHDRSZ)) : NULL;
	array->data = payload +
		((dataoffset != 0 ? (Size) dataoffset : ARR_OVERHEAD_NONULLS(1)) - VARHDRSZ);
}

void
sq_satisfaction_report_score(double score, int position, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("score %s of dimension %s is not a finite number",
					sq_float8_text(score), sq_satisfaction_dimension_label(position, name)),
			 errdetail("Scores must be finite; leave an unanswered item NULL.")));
}

void
sq_satisfaction_report_length_mismatch(const char *what, int length,
									   const char *other, int other_length)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has length %d, but %s has length %d", what, length, other, other_length),
			 errdetail("Each array holds one element per dimension, in the same order.")));
}

void
sq_satisfaction_report_dimension_mismatch(const char *what, int length,
										  const char *type_name, int ndims)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg_plural("%s has length %d, but the %s has %d dimension",
						   "%s has length %d, but the %s has %d dimensions",
						   ndims, what, length, type_name, ndims),
			 errdetail("Each array holds one element per dimension, in the same order.")));
}

void
sq_satisfaction_report_merge_mismatch(const char *type_name, int ndims, int other_ndims)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot merge %s values with %d and %d dimensions",
					type_name, ndims, other_ndims),
			 errdetail("Positional dimensions are matched by position, so both must have as many.")));
}

void
sq_satisfaction_report_too_many_dimensions(int count)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%d dimensions are more than a state can hold", count),
			 errdetail("A state holds at most %d dimensions.", SATISFACTION_MAX_DIMENSIONS)));
}

static void
satisfaction_check_weight(double weight, const char *label)
{
	if (!(weight >= 0.0) || isinf(weight))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %s of dimension %s is invalid", sq_float8_text(weight), label),
				 errdetail("Weights must be finite and greater than or equal to 0.")));
}

/*
 * Scale checked weights by the power of two that brings the largest into
 * [0.5, 1); errors when all are zero.  Only their ratios matter, and scaling
 * by a power of two keeps those exact, while sums of the weights (and of
 * weights times bounded scores) can no longer overflow, however large the
 * weights were.
 */
static void
satisfaction_normalize_weights(double *weights, int count)
{
	double		largest = 0.0;
	int			exponent;

	for (int i = 0; i < count; i++)
		largest = fmax(largest, weights[i]);
	if (largest <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights are all zero"),
				 errdetail("At least one dimension needs a positive weight.")));
	(void) frexp(largest, &exponent);
	for (int i = 0; i < count; i++)
		weights[i] = ldexp(weights[i], -exponent);
}

double *
sq_satisfaction_weights_from_array(ArrayType *weights, int expected, const char *expected_what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	double	   *result;

	sq_check_list_dimensions(ARR_NDIM(weights), "weights");
	deconstruct_array(weights, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &count);
	if (count != expected)
		sq_satisfaction_report_dimension_mismatch("weights array", count, expected_what, expected);

	result = palloc(sizeof(double) * Max(count, 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weight of dimension %d is NULL", i + 1),
					 errdetail("Give every dimension a weight; 0 leaves it out.")));
		result[i] = DatumGetFloat8(elems[i]);
		satisfaction_check_weight(result[i], sq_satisfaction_dimension_label(i + 1, NULL));
	}
	satisfaction_normalize_weights(result, count);
	return result;
}

void
sq_satisfaction_check_scale(double scale_min, double scale_max)
{
	if (!isfinite(scale_max - scale_min) || !(scale_min < scale_max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rating scale %s to %s is invalid",
						sq_float8_text(scale_min), sq_float8_text(scale_max)),
				 errdetail("The scale needs finite bounds with minimum < maximum and a finite width, e.g. 1 to 5.")));
}

char *
sq_satisfaction_dimension_label(int position, const char *name)
{
	if (name)
		return psprintf("\"%s\"", name);
	return psprintf("%d", position);
}

char	  **
sq_satisfaction_names_from_array(ArrayType *names, int expected)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	char	  **result;

	sq_check_list_dimensions(ARR_NDIM(names), "names");
	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	if (count != expected)
		sq_satisfaction_report_dimension_mismatch("names array", count, "state", expected);
	result = palloc(sizeof(char *) * Max(count, 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("name of dimension %d is NULL", i + 1)));
		result[i] = TextDatumGetCString(elems[i]);
	}
	return result;
}

void
sq_satisfaction_mean_interval(double mean, double stddev, int64 n, double z,
							  double *lower, double *upper)
{
	double		margin;

	if (n < 2 || !(stddev > 0.0))
	{
		*lower = *upper = NAN;
		return;
	}
	margin = z * stddev / sqrt((double) n);
	*lower = mean - margin;
	*upper = mean + margin;
}

const char *
sq_satisfaction_quadrant(bool important, bool performing)
{
	if (important)
		return performing ? "keep up the good work" : "concentrate here";
	return performing ? "possible overkill" : "low priority";
}

/*
 * A figure and the cross-hair come from sums whose order follows the plan
 * (parallel workers, Citus shards, merged rollups): a dimension exactly on
 * the cross-hair lands a few ulps either side of it from one plan to the
 * next, and its quadrant would flip.  Within QUADRANT_TIE_TOLERANCE of the
 * larger magnitude it is on the cross-hair, which counts as above.
 */
#define QUADRANT_TIE_TOLERANCE 1e-9

bool
sq_satisfaction_on_or_above(double figure, double cross_hair)
{
	return figure >= cross_hair - QUADRANT_TIE_TOLERANCE * Max(fabs(figure), fabs(cross_hair));
}

int
sq_satisfaction_find_name(const SatisfactionName * names, int count, const char *name)
{
	int			lo = 0,
				hi = count - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			cmp = strcmp(name, names[mid]);

		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -lo - 1;
}

static double
jsonb_weight(JsonbValue *value, const char *name)
{
	double		weight;

	if (value->type != jbvNumeric)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight of dimension \"%s\" is not a number", name),
				 errdetail("Weights are given as {\"dimension\": weight, ...}.")));

	/*
	 * strtod, not numeric_float8: a huge number becomes Infinity, reported
	 * below
	 */
	weight = strtod(DatumGetCString(DirectFunctionCall1(numeric_out,
														NumericGetDatum(value->val.numeric))),
					NULL);
	satisfaction_check_weight(weight, sq_satisfaction_dimension_label(0, name));
	return weight;
}

typedef struct NamedWeight
{
	const char *name;
	int			index;
	double		weight;
} NamedWeight;

static int
named_weight_order(const void *a, const void *b)
{
	return strcmp(((const NamedWeight *) a)->name, ((const NamedWeight *) b)->name);
}

/* The weights of names not in the state (keys of no dimension). */
static int
extra_weights(Jsonb *weights, const SatisfactionName * names, int count, NamedWeight *out)
{
	JsonbIterator *it = JsonbIteratorInit(&weights->root);
	JsonbValue	v;
	JsonbIteratorToken token;
	int			extra = 0;

	while ((token = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *name;

		if (token != WJB_KEY)
			continue;
		name = pnstrdup(v.val.string.val, v.val.string.len);
		token = JsonbIteratorNext(&it, &v, true);
		Assert(token == WJB_VALUE);
		if (strlen(name) < 1 || strlen(name) > SATISFACTION_NAME_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight key \"%s\" is not a possible dimension name", name),
					 errdetail("Dimension names have 1 to %d bytes.", SATISFACTION_NAME_MAX)));
		if (sq_satisfaction_find_name(names, count, name) >= 0)
			continue;
		out[extra].name = name;
		out[extra].index = -1;
		out[extra].weight = jsonb_weight(&v, name);
		extra++;
	}
	return extra;
}

SqNamedWeights
sq_satisfaction_weights_from_jsonb(Jsonb *weights, const SatisfactionName * names, int count)
{
	SqNamedWeights result;
	NamedWeight *terms;
	int			n = 0;

	if (!JB_ROOT_IS_OBJECT(weights))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must be a jsonb object"),
				 errdetail("Weights are given as {\"dimension\": weight, ...}.")));
	terms = palloc0(sizeof(NamedWeight) * Max(count + JB_ROOT_COUNT(weights), 1));
	for (int i = 0; i < count; i++)
	{
		JsonbValue	key;
		JsonbValue *value;

		key.type = jbvString;
		key.val.string.val = (char *) names[i];
		key.val.string.len = strlen(names[i]);
		value = findJsonbValueFromContainer(&weights->root, JB_FOBJECT, &key);
		if (value == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dimension \"%s\" has no weight", names[i]),
					 errhint("Give every dimension of the state a weight; 0 leaves it out.")));
		terms[n].name = names[i];
		terms[n].index = i;
		terms[n].weight = jsonb_weight(value, names[i]);
		n++;
	}
	n += extra_weights(weights, names, count, terms + n);
	qsort(terms, n, sizeof(NamedWeight), named_weight_order);

	result.count = n;
	result.names = palloc(sizeof(char *) * Max(n, 1));
	result.index = palloc(sizeof(int) * Max(n, 1));
	result.weights = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		result.names[i] = terms[i].name;
		result.index[i] = terms[i].index;
		result.weights[i] = terms[i].weight;
	}
	satisfaction_normalize_weights(result.weights, n);
	return result;
}

static int
name_order(const void *a, const void *b, void *arg)
{
	const		SatisfactionName *names = (const SatisfactionName *) arg;

	return strcmp(names[*(const int *) a], names[*(const int *) b]);
}

const char *
sq_satisfaction_sort_names(const SatisfactionName * names, int count, int *order)
{
	for (int i = 0; i < count; i++)
		order[i] = i;
	qsort_arg(order, count, sizeof(int), name_order, (void *) names);
	for (int i = 1; i < count; i++)
		if (strcmp(names[order[i - 1]], names[order[i]]) == 0)
			return psprintf("dimension \"%s\" appears twice", names[order[i]]);
	return NULL;
}

void
sq_satisfaction_copy_with_gap(void *dst, const void *src, int count, Size size, int at)
{
	memcpy(dst, src, at * size);
	memcpy((char *) dst + (at + 1) * size, (const char *) src + at * size, (count - at) * size);
}

void
sq_satisfaction_name_argument(text *dimension, SatisfactionName name)
{
	int			len = VARSIZE_ANY_EXHDR(dimension);

	if (unlikely(len < 1 || len > SATISFACTION_NAME_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dimension name \"%s\" is %s", text_to_cstring(dimension),
						len < 1 ? "empty" : "too long"),
				 errdetail("Dimension names have 1 to %d bytes.", SATISFACTION_NAME_MAX)));
	memcpy(name, VARDATA_ANY(dimension), len);
	name[len] = '\0';
}
