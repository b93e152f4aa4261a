/*
 * Test-only shim between clusprop's interoperability tests and Samba's NDR
 * marshallers for the MS-CMRP PROPERTY_LIST (libndr-samba4.so.0).
 *
 * Written for clusprop; no Samba source is copied here. Debian ships the
 * library but not the header that pidl generates from Samba's
 * librpc/idl/clusapi.idl (gen_ndr/clusapi.h), so the three structures below
 * are declared from the IDL's facts:
 *
 *   clusapi_propertyValues { CLUSTER_PROPERTY_SYNTAX Syntax; uint32 Size;
 *       DATA_BLOB Buffer  (subcontext of exactly Size bytes);
 *       DATA_BLOB Padding (NDR_ALIGN4: 0..3 bytes up to a 4-byte boundary) }
 *   clusapi_propertyValue { syntax_name (value NAME); uint32 size (value:
 *       UTF-16 length of the name incl. NUL, in bytes); nstring buffer
 *       (NUL-terminated UTF-16 on the wire, UTF-8 in memory);
 *       DATA_BLOB padding (NDR_ALIGN2); clusapi_propertyValues PropertyValues;
 *       end_mark (value ENDMARK) }
 *   clusapi_PROPERTY_LIST { uint32 propertyCount;
 *       clusapi_propertyValue propertyValues[propertyCount];
 *       end_mark (value ENDMARK) }
 *
 * CLUSTER_PROPERTY_SYNTAX is a [v1_enum], i.e. a 4-byte C enum; it is
 * declared as uint32_t here (same size and alignment). `nstring` is a
 * `const char *` in pidl's C mapping.
 *
 * Every call creates its own talloc context and frees it before returning
 * (or in shim_pulled_free), so the functions can be called in a loop, e.g.
 * from benchmarks, without leaking.
 *
 * libndr and libtalloc live in the standard library directory and are linked
 * normally. libndr-samba4.so.0 lives in Samba's private directory
 * (/usr/lib/<multiarch>/samba); instead of an rpath, which cargo would not
 * pass on to other packages that link this shim (the benchmarks), it is
 * dlopen()ed by the absolute path that build.rs found (SHIM_NDR_SAMBA4_PATH).
 */

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <talloc.h>
#include <ndr.h>

struct clusapi_propertyValues {
	uint32_t Syntax;
	uint32_t Size;
	DATA_BLOB Buffer;
	DATA_BLOB Padding;
};

struct clusapi_propertyValue {
	uint32_t syntax_name;
	uint32_t size;
	const char *buffer;
	DATA_BLOB padding;
	struct clusapi_propertyValues PropertyValues;
	uint32_t end_mark;
};

struct clusapi_PROPERTY_LIST {
	uint32_t propertyCount;
	struct clusapi_propertyValue *propertyValues;
	uint32_t end_mark;
};

#ifndef SHIM_NDR_SAMBA4_PATH
#error "build.rs must define SHIM_NDR_SAMBA4_PATH (absolute path of libndr-samba4.so.0)"
#endif

/* Shim-level error codes; positive values are Samba's enum ndr_err_code. */
#define SHIM_E_NOMEM (-1)
#define SHIM_E_ARGS (-2)
#define SHIM_E_BUFFER (-3)
#define SHIM_E_INDEX (-4)
#define SHIM_E_LOAD (-5)

/* Exported by libndr-samba4.so.0 (Samba 4.17: `int ndr_flags`). */
typedef enum ndr_err_code (*pull_list_fn)(struct ndr_pull *ndr, int ndr_flags,
					  struct clusapi_PROPERTY_LIST *r);
typedef enum ndr_err_code (*push_list_fn)(struct ndr_push *ndr, int ndr_flags,
					  const struct clusapi_PROPERTY_LIST *r);
typedef void (*print_list_fn)(struct ndr_print *ndr, const char *name,
			      const struct clusapi_PROPERTY_LIST *r);

static pthread_once_t shim_once = PTHREAD_ONCE_INIT;
static pull_list_fn shim_ndr_pull;
static push_list_fn shim_ndr_push;
static print_list_fn shim_ndr_print;
static char shim_load_error[512];

static void shim_load(void)
{
	void *lib;
	const char *e;

	lib = dlopen(SHIM_NDR_SAMBA4_PATH, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		e = dlerror();
		snprintf(shim_load_error, sizeof(shim_load_error), "%s",
			 e != NULL ? e : "dlopen failed");
		return;
	}
	/* The library stays loaded for the life of the process. */
	*(void **)&shim_ndr_pull = dlsym(lib, "ndr_pull_clusapi_PROPERTY_LIST");
	*(void **)&shim_ndr_push = dlsym(lib, "ndr_push_clusapi_PROPERTY_LIST");
	*(void **)&shim_ndr_print = dlsym(lib, "ndr_print_clusapi_PROPERTY_LIST");
	if (shim_ndr_pull == NULL || shim_ndr_push == NULL ||
	    shim_ndr_print == NULL) {
		snprintf(shim_load_error, sizeof(shim_load_error),
			 "%s does not export ndr_{pull,push,print}_clusapi_PROPERTY_LIST",
			 SHIM_NDR_SAMBA4_PATH);
		shim_ndr_pull = NULL;
		shim_ndr_push = NULL;
		shim_ndr_print = NULL;
	}
}

static bool shim_ready(void)
{
	pthread_once(&shim_once, shim_load);
	return shim_ndr_pull != NULL;
}

/* Why loading Samba failed (empty string when it did not). */
const char *shim_load_error_text(void)
{
	(void)shim_ready();
	return shim_load_error;
}

/* The path the shim loads Samba's marshallers from. */
const char *shim_library_path(void)
{
	return SHIM_NDR_SAMBA4_PATH;
}

/* ---- pull ---------------------------------------------------------------- */

struct shim_pulled {
	struct clusapi_PROPERTY_LIST list;
	size_t consumed;
};

/* One pulled property, pointing into memory owned by the shim_pulled handle. */
struct shim_prop_view {
	uint32_t name_syntax;	/* syntax_name as read (Samba does not check it) */
	uint32_t name_size;	/* name length field as read (not checked either) */
	const char *name_utf8;	/* Samba's UTF-8 conversion of the name */
	size_t name_utf8_len;	/* bytes, without the NUL */
	size_t name_padding_len;
	uint32_t syntax;
	uint32_t size;
	const uint8_t *data;
	size_t data_len;
	size_t value_padding_len;
	uint32_t end_mark;	/* per-property end mark as read */
};

static int shim_pull_into(TALLOC_CTX *ctx, const uint8_t *buf, size_t len,
			  struct clusapi_PROPERTY_LIST *list, size_t *consumed)
{
	DATA_BLOB blob;
	struct ndr_pull *ndr;
	enum ndr_err_code err;

	if (!shim_ready()) {
		return SHIM_E_LOAD;
	}
	if (buf == NULL && len != 0) {
		return SHIM_E_ARGS;
	}
	if (len > UINT32_MAX) {
		return SHIM_E_ARGS;
	}
	/* Samba's pull reads through a non-const pointer but never writes. */
	blob.data = (uint8_t *)(uintptr_t)buf;
	blob.length = len;
	ndr = ndr_pull_init_blob(&blob, ctx);
	if (ndr == NULL) {
		return SHIM_E_NOMEM;
	}
	err = shim_ndr_pull(ndr, NDR_SCALARS | NDR_BUFFERS, list);
	if (err != NDR_ERR_SUCCESS) {
		return (int)err;
	}
	*consumed = ndr->offset;
	return 0;
}

/*
 * Pull `buf` with Samba. On success (0) *out holds a handle to release with
 * shim_pulled_free; *count, *consumed (bytes Samba read) and *list_end_mark
 * (the list-level end mark as read) are set. On failure nothing is left
 * allocated and the return value is Samba's ndr_err_code (> 0) or SHIM_E_*.
 */
int shim_pull(const uint8_t *buf, size_t len, struct shim_pulled **out,
	      uint32_t *count, size_t *consumed, uint32_t *list_end_mark)
{
	struct shim_pulled *h;
	int rc;

	if (out == NULL || count == NULL || consumed == NULL ||
	    list_end_mark == NULL) {
		return SHIM_E_ARGS;
	}
	*out = NULL;
	h = talloc_zero(NULL, struct shim_pulled);
	if (h == NULL) {
		return SHIM_E_NOMEM;
	}
	rc = shim_pull_into(h, buf, len, &h->list, &h->consumed);
	if (rc != 0) {
		talloc_free(h);
		return rc;
	}
	*out = h;
	*count = h->list.propertyCount;
	*consumed = h->consumed;
	*list_end_mark = h->list.end_mark;
	return 0;
}

int shim_pulled_prop(const struct shim_pulled *h, uint32_t index,
		     struct shim_prop_view *out)
{
	const struct clusapi_propertyValue *p;

	if (h == NULL || out == NULL) {
		return SHIM_E_ARGS;
	}
	if (index >= h->list.propertyCount) {
		return SHIM_E_INDEX;
	}
	p = &h->list.propertyValues[index];
	out->name_syntax = p->syntax_name;
	out->name_size = p->size;
	out->name_utf8 = p->buffer;
	out->name_utf8_len = p->buffer != NULL ? strlen(p->buffer) : 0;
	out->name_padding_len = p->padding.length;
	out->syntax = p->PropertyValues.Syntax;
	out->size = p->PropertyValues.Size;
	out->data = p->PropertyValues.Buffer.data;
	out->data_len = p->PropertyValues.Buffer.length;
	out->value_padding_len = p->PropertyValues.Padding.length;
	out->end_mark = p->end_mark;
	return 0;
}

void shim_pulled_free(struct shim_pulled *h)
{
	talloc_free(h);
}

/* Pull and discard (for benchmarks): 0 or an error code, like shim_pull. */
int shim_pull_only(const uint8_t *buf, size_t len, uint32_t *count,
		   size_t *consumed)
{
	TALLOC_CTX *ctx;
	struct clusapi_PROPERTY_LIST list;
	size_t used = 0;
	int rc;

	ctx = talloc_new(NULL);
	if (ctx == NULL) {
		return SHIM_E_NOMEM;
	}
	memset(&list, 0, sizeof(list));
	rc = shim_pull_into(ctx, buf, len, &list, &used);
	if (rc == 0) {
		if (count != NULL) {
			*count = list.propertyCount;
		}
		if (consumed != NULL) {
			*consumed = used;
		}
	}
	talloc_free(ctx);
	return rc;
}

/* ---- push ---------------------------------------------------------------- */

/* One property to push: exactly one value, as Samba models it. */
struct shim_push_prop {
	const char *name_utf8;	/* NUL-terminated UTF-8 */
	uint32_t syntax;
	uint32_t size;		/* the value's Size field; Samba requires == data_len */
	const uint8_t *data;
	size_t data_len;
};

static int shim_fill_list(TALLOC_CTX *ctx, const struct shim_push_prop *props,
			  uint32_t count, struct clusapi_PROPERTY_LIST *list)
{
	uint32_t i;

	if (props == NULL && count != 0) {
		return SHIM_E_ARGS;
	}
	memset(list, 0, sizeof(*list));
	list->propertyCount = count;
	if (count != 0) {
		list->propertyValues = talloc_zero_array(
			ctx, struct clusapi_propertyValue, count);
		if (list->propertyValues == NULL) {
			return SHIM_E_NOMEM;
		}
	}
	for (i = 0; i < count; i++) {
		struct clusapi_propertyValue *v = &list->propertyValues[i];

		if (props[i].name_utf8 == NULL ||
		    (props[i].data == NULL && props[i].data_len != 0)) {
			return SHIM_E_ARGS;
		}
		/* syntax_name, size and end_mark are [value()]: Samba
		 * computes them on push, these are only for show. */
		v->syntax_name = 0x00040003;
		v->size = 0;
		v->buffer = props[i].name_utf8;
		v->PropertyValues.Syntax = props[i].syntax;
		v->PropertyValues.Size = props[i].size;
		v->PropertyValues.Buffer.data = (uint8_t *)(uintptr_t)props[i].data;
		v->PropertyValues.Buffer.length = props[i].data_len;
		v->end_mark = 0;
	}
	list->end_mark = 0;
	return 0;
}

/*
 * Push `count` properties with Samba into out[0..cap]. Returns 0 and sets
 * *out_len; SHIM_E_BUFFER with *out_len = bytes needed when cap is too
 * small; otherwise Samba's ndr_err_code (> 0) or SHIM_E_*.
 */
int shim_push(const struct shim_push_prop *props, uint32_t count,
	      uint8_t *out, size_t cap, size_t *out_len)
{
	TALLOC_CTX *ctx;
	struct clusapi_PROPERTY_LIST list;
	struct ndr_push *ndr;
	enum ndr_err_code err;
	int rc;

	if (out_len == NULL || (out == NULL && cap != 0)) {
		return SHIM_E_ARGS;
	}
	if (!shim_ready()) {
		return SHIM_E_LOAD;
	}
	*out_len = 0;
	ctx = talloc_new(NULL);
	if (ctx == NULL) {
		return SHIM_E_NOMEM;
	}
	rc = shim_fill_list(ctx, props, count, &list);
	if (rc != 0) {
		goto done;
	}
	ndr = ndr_push_init_ctx(ctx);
	if (ndr == NULL) {
		rc = SHIM_E_NOMEM;
		goto done;
	}
	err = shim_ndr_push(ndr, NDR_SCALARS | NDR_BUFFERS, &list);
	if (err != NDR_ERR_SUCCESS) {
		rc = (int)err;
		goto done;
	}
	*out_len = ndr->offset;
	if (ndr->offset > cap) {
		rc = SHIM_E_BUFFER;
		goto done;
	}
	if (ndr->offset != 0) {
		memcpy(out, ndr->data, ndr->offset);
	}
	rc = 0;
done:
	talloc_free(ctx);
	return rc;
}

/* ---- diagnostics --------------------------------------------------------- */

/* Samba's own name for an ndr_err_code (static string). */
const char *shim_errstr(int code)
{
	switch (code) {
	case SHIM_E_NOMEM:
		return "shim: out of memory";
	case SHIM_E_ARGS:
		return "shim: bad arguments";
	case SHIM_E_BUFFER:
		return "shim: output buffer too small";
	case SHIM_E_INDEX:
		return "shim: index out of range";
	case SHIM_E_LOAD:
		return "shim: could not load libndr-samba4";
	default:
		return ndr_map_error2string((enum ndr_err_code)code);
	}
}

/*
 * ndr_print of what Samba pulls from `buf` (malloc'd; free with
 * shim_string_free), or NULL when the pull fails.
 */
char *shim_print(const uint8_t *buf, size_t len)
{
	TALLOC_CTX *ctx;
	struct clusapi_PROPERTY_LIST list;
	size_t used = 0;
	char *text;
	char *copy = NULL;

	ctx = talloc_new(NULL);
	if (ctx == NULL) {
		return NULL;
	}
	memset(&list, 0, sizeof(list));
	if (shim_pull_into(ctx, buf, len, &list, &used) == 0) {
		text = ndr_print_struct_string(
			ctx, (ndr_print_fn_t)shim_ndr_print,
			"list", &list);
		if (text != NULL) {
			copy = strdup(text);
		}
	}
	talloc_free(ctx);
	return copy;
}

void shim_string_free(char *s)
{
	free(s);
}

/* sizeof checks the Rust side can compare against its own expectations. */
size_t shim_sizeof_property_value(void)
{
	return sizeof(struct clusapi_propertyValue);
}
