/*
 * The C ABI from C: compiled against include/clusprop.h and linked with the
 * static and the shared library (scripts/capi-test), and for Windows with
 * mingw, run under Wine. Prints one line per failed check and ends with
 * "N passed, M failed"; exits non-zero when anything failed.
 */
#include <stdio.h>
#include <string.h>

#include "clusprop.h"

static int passed, failed;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (cond) {                                                          \
            passed++;                                                        \
        } else {                                                             \
            failed++;                                                        \
            printf("FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                    \
    } while (0)

/* "Virtual Machine" = DWORD 1, written by hand from MS-CMRP (vector V12). */
static const uint8_t V12[60] = {
    0x01, 0, 0, 0,                          /* count 1 */
    0x03, 0, 0x04, 0, 0x20, 0, 0, 0,        /* NAME, 32 bytes */
    'V', 0, 'i', 0, 'r', 0, 't', 0, 'u', 0, 'a', 0, 'l', 0, ' ', 0,
    'M', 0, 'a', 0, 'c', 0, 'h', 0, 'i', 0, 'n', 0, 'e', 0, 0, 0,
    0x02, 0, 0x01, 0, 0x04, 0, 0, 0,        /* LIST_VALUE_DWORD, 4 bytes */
    0x01, 0, 0, 0,                          /* 1 */
    0, 0, 0, 0,                             /* end mark */
};

static void test_validate(void) {
    struct clusprop_error err;
    /* N1: a name entry whose length word is missing. */
    static const uint8_t n1[8] = {1, 0, 0, 0, 3, 0, 4, 0};
    CHECK(clusprop_validate(V12, sizeof V12, &err) == CLUSPROP_OK);
    CHECK(err.kind == CLUSPROP_KIND_NONE && err.message[0] == '\0');
    CHECK(clusprop_validate(n1, sizeof n1, &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_DECODE);
    CHECK(err.offset == 8);
    CHECK(strcmp(err.message, "at byte 8: the data ends inside an entry's length") == 0);
    CHECK(clusprop_validate(n1, sizeof n1, NULL) == CLUSPROP_INVALID_DATA);
    /* Cut inside the value: the reader reports the value entry's offset. */
    CHECK(clusprop_validate(V12, 55, &err) == CLUSPROP_INVALID_DATA && err.offset == 48);
    CHECK(clusprop_validate_with(V12, sizeof V12, CLUSPROP_POLICY_MS_CMRP, &err) == CLUSPROP_OK);
    CHECK(clusprop_validate_with(V12, sizeof V12, 77, &err) == CLUSPROP_INVALID_PARAMETER);
}

static void test_null_pointers(void) {
    struct clusprop_error err;
    uint32_t dword;
    size_t needed;
    CHECK(clusprop_validate(NULL, 4, &err) == CLUSPROP_INVALID_PARAMETER);
    CHECK(err.kind == CLUSPROP_KIND_NULL_POINTER);
    CHECK(clusprop_get_dword(V12, sizeof V12, NULL, &dword, &err) == CLUSPROP_INVALID_PARAMETER);
    CHECK(clusprop_get_dword(V12, sizeof V12, "Virtual Machine", NULL, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    CHECK(clusprop_offline_instructions(CLUSPROP_VM_SAVE, NULL, 0, NULL, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    CHECK(clusprop_offline_instructions(CLUSPROP_VM_SAVE, NULL, 60, &needed, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    CHECK(clusprop_from_json(NULL, NULL, 0, &needed, &err) == CLUSPROP_INVALID_PARAMETER);
    CHECK(clusprop_to_json(NULL, 4, 0, NULL, 0, &needed, NULL) == CLUSPROP_INVALID_PARAMETER);
    /* NULL with no bytes is an empty input: too short to be a list. */
    CHECK(clusprop_to_json(NULL, 0, 0, NULL, 0, &needed, NULL) == CLUSPROP_INVALID_DATA);
}

static void test_instructions(void) {
    struct clusprop_error err;
    uint8_t buf[200];
    size_t needed = 0;
    uint32_t dword = 0;
    /* ERROR_MORE_DATA: a size query, then a buffer one byte short (untouched). */
    CHECK(clusprop_offline_instructions(CLUSPROP_VM_SAVE, NULL, 0, &needed, &err) ==
          CLUSPROP_MORE_DATA);
    CHECK(needed == 60 && err.kind == CLUSPROP_KIND_BUFFER_TOO_SMALL);
    memset(buf, 0xAA, sizeof buf);
    CHECK(clusprop_offline_instructions(CLUSPROP_VM_SAVE, buf, 59, &needed, &err) ==
          CLUSPROP_MORE_DATA);
    CHECK(needed == 60 && buf[0] == 0xAA && buf[58] == 0xAA);
    CHECK(clusprop_offline_instructions(CLUSPROP_VM_SAVE, buf, 60, &needed, &err) == CLUSPROP_OK);
    CHECK(needed == 60 && memcmp(buf, V12, 60) == 0);
    CHECK(clusprop_offline_instructions(CLUSPROP_VM_LIVE, buf, sizeof buf, &needed, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    /* Live migration is known, not "unknown": the message points at the move function. */
    CHECK(strstr(err.message, "CLUSPROP_VM_LIVE (4) is for clusprop_move_instructions only") ==
          err.message);
    CHECK(needed == 0); /* *needed is 0 after a failure other than CLUSPROP_MORE_DATA */
    needed = 777;
    CHECK(clusprop_to_json(V12, 5, CLUSPROP_POLICY_DEFAULT, (char *)buf, sizeof buf, &needed,
                           &err) == CLUSPROP_INVALID_DATA);
    CHECK(needed == 0 && err.offset == 4);
    /* A negative length converted to size_t is rejected, the buffer untouched. */
    memset(buf, 0xAA, sizeof buf);
    CHECK(clusprop_move_instructions(CLUSPROP_VM_LIVE, buf, (size_t)-1, &needed, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    CHECK(err.kind == CLUSPROP_KIND_INVALID_ARGUMENT && needed == 0 && buf[0] == 0xAA);
    CHECK(clusprop_validate(V12, (size_t)-1, &err) == CLUSPROP_INVALID_PARAMETER);
    /* The os-win live migration: both VM names, DWORD 4, 144 bytes. */
    CHECK(clusprop_move_instructions(CLUSPROP_VM_LIVE, buf, sizeof buf, &needed, &err) ==
          CLUSPROP_OK);
    CHECK(needed == 144 && buf[0] == 2);
    CHECK(clusprop_get_dword(buf, needed, "virtual machine", &dword, &err) == CLUSPROP_OK);
    CHECK(dword == 4);
    dword = 0;
    CHECK(clusprop_get_dword(buf, needed, "Virtual Machine Configuration", &dword, &err) ==
          CLUSPROP_OK);
    CHECK(dword == 4);
}

static void test_lookups(void) {
    static const char json[] =
        "{\"properties\": ["
        "{\"name\": \"Name\", \"values\": [{\"syntax\": 65539, \"format\": \"sz\", \"value\": \"ab\"}]},"
        "{\"name\": \"Max\", \"values\": [{\"syntax\": 65542, \"format\": \"ularge_integer\","
        " \"value\": 81985529216486895}]}"
        "], \"trailing_end_mark\": false}";
    struct clusprop_error err;
    uint8_t list[256];
    char text[8];
    size_t len = 0, needed = 0;
    uint64_t qword = 0;
    uint32_t dword = 0;
    CHECK(clusprop_from_json(json, list, sizeof list, &len, &err) == CLUSPROP_OK);
    CHECK(clusprop_validate(list, len, &err) == CLUSPROP_OK);
    CHECK(clusprop_get_qword(list, len, "MAX", &qword, &err) == CLUSPROP_OK);
    CHECK(qword == 0x0123456789ABCDEFull);
    CHECK(clusprop_get_string(list, len, "name", text, 2, &needed, &err) == CLUSPROP_MORE_DATA);
    CHECK(needed == 3);
    CHECK(clusprop_get_string(list, len, "name", text, sizeof text, &needed, &err) == CLUSPROP_OK);
    CHECK(strcmp(text, "ab") == 0);
    CHECK(clusprop_get_dword(list, len, "Name", &dword, &err) == CLUSPROP_TYPE_MISMATCH);
    CHECK(err.kind == CLUSPROP_KIND_WRONG_FORMAT);
    /* The message says which lookup failed, not only where the value is. */
    CHECK(strcmp(err.message, "property \"Name\", value at byte 24: expected format dword, found "
                              "CLUSPROP_SYNTAX_LIST_VALUE_SZ (0x00010003) of format sz") == 0);
    CHECK(clusprop_get_dword(list, len, "Nope", &dword, &err) == CLUSPROP_NOT_FOUND);
    CHECK(err.kind == CLUSPROP_KIND_NOT_FOUND);
}

static void test_json_round_trip(void) {
    struct clusprop_error err;
    char json[512];
    uint8_t back[64];
    size_t needed = 0;
    CHECK(clusprop_to_json(V12, sizeof V12, CLUSPROP_POLICY_DEFAULT, NULL, 0, &needed, &err) ==
          CLUSPROP_MORE_DATA);
    CHECK(needed > 0 && needed <= sizeof json);
    CHECK(clusprop_to_json(V12, sizeof V12, CLUSPROP_POLICY_DEFAULT, json, sizeof json, &needed,
                           &err) == CLUSPROP_OK);
    CHECK(strlen(json) + 1 == needed);
    CHECK(strstr(json, "\"name\":\"Virtual Machine\"") != NULL);
    CHECK(clusprop_from_json(json, back, sizeof back, &needed, &err) == CLUSPROP_OK);
    CHECK(needed == sizeof V12 && memcmp(back, V12, sizeof V12) == 0);
    CHECK(clusprop_from_json("{\"nope\": 1}", back, sizeof back, &needed, &err) ==
          CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_JSON);
    /* A NUL in the text an error message quotes is escaped, not the message's end. */
    CHECK(clusprop_from_json("{\"properties\": [], \"a\\u0000b\": 1}", back, sizeof back, &needed,
                             &err) == CLUSPROP_INVALID_DATA);
    CHECK(strstr(err.message, "`a\\0b`, expected") != NULL);
    /* So are a C1 control, a line separator and a bidi override (U+0085,
     * U+2028, U+202E in UTF-8): none reaches the message raw. */
    {
        uint32_t dword = 0;
        CHECK(clusprop_get_dword(V12, sizeof V12, "a\xC2\x85" "b\xE2\x80\xA8" "c\xE2\x80\xAE" "d",
                                 &dword, &err) == CLUSPROP_NOT_FOUND);
        CHECK(strstr(err.message, "\"a\\u{85}b\\u{2028}c\\u{202e}d\"") != NULL);
        CHECK(strstr(err.message, "\xC2\x85") == NULL && strstr(err.message, "\xE2\x80") == NULL);
    }
    /* A message too long for err.message keeps its end, where the line and
     * column are: a 300-byte unknown key is elided in the middle. */
    {
        char long_key[400];
        const char *at;
        strcpy(long_key, "{\"properties\": [], \"");
        memset(long_key + strlen(long_key), 'k', 300);
        strcpy(long_key + 20 + 300, "\": 1}");
        CHECK(clusprop_from_json(long_key, back, sizeof back, &needed, &err) ==
              CLUSPROP_INVALID_DATA);
        CHECK(strlen(err.message) <= 255);
        at = strstr(err.message, " at line 1 column ");
        CHECK(at != NULL && strcmp(at, " at line 1 column 321") == 0);
        CHECK(strstr(err.message, "k\xE2\x80\xA6k") != NULL); /* U+2026 HORIZONTAL ELLIPSIS */
    }
    /* V12's value and end mark alone are a bare value list. */
    CHECK(clusprop_value_list_to_json(V12 + 44, 16, CLUSPROP_POLICY_DEFAULT, json, sizeof json,
                                      &needed, &err) == CLUSPROP_OK);
    CHECK(strcmp(json, "{\"values\":[{\"syntax\":65538,\"format\":\"dword\",\"value\":1}]}") == 0);
}

/* NAME entry of a one-letter name: syntax, 4 bytes, UTF-16 letter + NUL. */
#define NAME1(c) 0x03, 0, 0x04, 0, 4, 0, 0, 0, (c), 0, 0, 0
/* LIST_VALUE_DWORD n (n < 256). */
#define DWORD1(n) 0x02, 0, 0x01, 0, 4, 0, 0, 0, (n), 0, 0, 0

/* What only CLUSPROP_POLICY_LENIENT reads: "M" with four DWORD values (the
 * default takes at most three), then "D" = DWORD 7, "Q" = ULARGE_INTEGER
 * 2^40, "S" = SZ "hi". The default reader stops at M's fourth value. */
static const uint8_t LENIENT_ONLY[160] = {
    4, 0, 0, 0,
    NAME1('M'), DWORD1(1), DWORD1(2), DWORD1(3), DWORD1(4), 0, 0, 0, 0,
    NAME1('D'), DWORD1(7), 0, 0, 0, 0,
    NAME1('Q'), 0x06, 0, 0x01, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    NAME1('S'), 0x03, 0, 0x01, 0, 6, 0, 0, 0, 'h', 0, 'i', 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
#define LENIENT_ONLY_FAULT 52 /* M's fourth value */

static void test_lookups_with_policy(void) {
    const uint8_t *list = LENIENT_ONLY;
    const size_t len = sizeof LENIENT_ONLY;
    struct clusprop_error err;
    char text[8];
    size_t needed = 0;
    uint64_t qword = 0;
    uint32_t dword = 0;
    CHECK(clusprop_validate_with(list, len, CLUSPROP_POLICY_LENIENT, &err) == CLUSPROP_OK);
    CHECK(clusprop_get_dword_with(list, len, CLUSPROP_POLICY_LENIENT, "m", &dword, &err) ==
          CLUSPROP_OK);
    CHECK(dword == 1 && err.kind == CLUSPROP_KIND_NONE && err.message[0] == '\0');
    CHECK(clusprop_get_dword_with(list, len, CLUSPROP_POLICY_LENIENT, "D", &dword, &err) ==
          CLUSPROP_OK);
    CHECK(dword == 7);
    CHECK(clusprop_get_qword_with(list, len, CLUSPROP_POLICY_LENIENT, "q", &qword, &err) ==
          CLUSPROP_OK);
    CHECK(qword == ((uint64_t)1 << 40));
    CHECK(clusprop_get_string_with(list, len, CLUSPROP_POLICY_LENIENT, "s", text, sizeof text,
                                   &needed, &err) == CLUSPROP_OK);
    CHECK(needed == 3 && strcmp(text, "hi") == 0);
    /* The default policy (and the functions without one) refuse the list
     * at M's fourth value, writing nothing. */
    dword = 77;
    qword = 77;
    CHECK(clusprop_get_dword_with(list, len, CLUSPROP_POLICY_DEFAULT, "D", &dword, &err) ==
          CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_DECODE && err.offset == LENIENT_ONLY_FAULT);
    CHECK(clusprop_get_dword(list, len, "D", &dword, &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_DECODE && err.offset == LENIENT_ONLY_FAULT && dword == 77);
    CHECK(clusprop_get_qword_with(list, len, CLUSPROP_POLICY_DEFAULT, "Q", &qword, &err) ==
          CLUSPROP_INVALID_DATA);
    CHECK(err.offset == LENIENT_ONLY_FAULT && qword == 77);
    CHECK(clusprop_get_qword(list, len, "Q", &qword, &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.offset == LENIENT_ONLY_FAULT && qword == 77);
    memset(text, 0x55, sizeof text);
    needed = 777;
    CHECK(clusprop_get_string_with(list, len, CLUSPROP_POLICY_DEFAULT, "S", text, sizeof text,
                                   &needed, &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.offset == LENIENT_ONLY_FAULT && needed == 0 && text[0] == 0x55);
    CHECK(clusprop_get_string(list, len, "S", text, sizeof text, &needed, &err) ==
          CLUSPROP_INVALID_DATA);
    CHECK(err.offset == LENIENT_ONLY_FAULT && needed == 0 && text[0] == 0x55);
    /* An unknown policy is an invalid parameter, as elsewhere. */
    CHECK(clusprop_get_dword_with(V12, sizeof V12, 4, "Virtual Machine", &dword, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    CHECK(err.kind == CLUSPROP_KIND_INVALID_ARGUMENT && dword == 77);
    CHECK(strcmp(err.message, "unknown policy 4 (expected 0 to 3, CLUSPROP_POLICY_*)") == 0);
    CHECK(clusprop_get_qword_with(V12, sizeof V12, 4, "Virtual Machine", &qword, &err) ==
          CLUSPROP_INVALID_PARAMETER);
    CHECK(err.kind == CLUSPROP_KIND_INVALID_ARGUMENT);
    CHECK(clusprop_get_string_with(V12, sizeof V12, 4, "Virtual Machine", text, sizeof text,
                                   &needed, &err) == CLUSPROP_INVALID_PARAMETER);
    CHECK(err.kind == CLUSPROP_KIND_INVALID_ARGUMENT && needed == 0);
    CHECK(clusprop_get_dword_with(V12, sizeof V12, CLUSPROP_POLICY_MS_CMRP, "Virtual Machine",
                                  &dword, &err) == CLUSPROP_OK);
    CHECK(dword == 1);
}

/* Where a JSON error is: err.line and err.column, whatever the message keeps. */
static void test_json_position(void) {
    struct clusprop_error err;
    uint8_t back[64];
    size_t needed = 0;
    /* Line 3 is "    x": the x, where a value belongs, is column 5. */
    CHECK(clusprop_from_json("{\"properties\":\n[\n    x\n]}", back, sizeof back, &needed,
                             &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_JSON && err.line == 3 && err.column == 5);
    CHECK(err.offset == 0);
    /* Columns count characters: the e-acute is two bytes, one column. */
    CHECK(clusprop_from_json("{\"properties\": [\n{\"name\":\n\"\xC3\xA9\", \"values\": x}]}",
                             back, sizeof back, &needed, &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.line == 3 && err.column == 16);
    /* A message cut in the middle: the fields are whole. */
    {
        char long_key[400];
        strcpy(long_key, "{\"properties\": [],\n\n  \"");
        memset(long_key + strlen(long_key), 'k', 300);
        strcpy(long_key + 23 + 300, "\": 1}");
        CHECK(clusprop_from_json(long_key, back, sizeof back, &needed, &err) ==
              CLUSPROP_INVALID_DATA);
        CHECK(err.line == 3 && err.column == 304);
    }
    /* Other kinds have no line or column; a success clears them. */
    CHECK(clusprop_validate(V12, 55, &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_DECODE && err.line == 0 && err.column == 0);
    CHECK(clusprop_from_json("{\"properties\":\n[\n    x\n]}", back, sizeof back, &needed,
                             &err) == CLUSPROP_INVALID_DATA);
    CHECK(err.line == 3);
    CHECK(clusprop_from_json("{\"properties\": []}", back, sizeof back, &needed, &err) ==
          CLUSPROP_OK);
    CHECK(err.kind == CLUSPROP_KIND_NONE && err.line == 0 && err.column == 0);
}

/* What the header says each status covers, pinned where it was once wrong. */
static void test_documented_statuses(void) {
    static const char four_values[] =
        "{\"properties\": [{\"name\": \"A\", \"values\": ["
        "{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1},"
        "{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1},"
        "{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1},"
        "{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}]}";
    static const char nul_in_name[] =
        "{\"properties\": [{\"name\": \"A\\u0000B\", \"values\": ["
        "{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}]}";
    /* "A" = an empty DWORD value (a reset to default): valid, no data. */
    static const uint8_t empty_dword[28] = {
        1, 0, 0, 0, 3, 0, 4, 0, 4, 0, 0, 0, 'A', 0, 0, 0,
        2, 0, 1, 0, 0, 0, 0, 0, /* LIST_VALUE_DWORD, 0 bytes, at 16 */
        0, 0, 0, 0,
    };
    struct clusprop_error err;
    uint8_t buf[256], two[sizeof V12];
    size_t needed = 0;
    uint32_t dword = 77;
    CHECK(clusprop_from_json(four_values, buf, sizeof buf, &needed, &err) ==
          CLUSPROP_ENCODE_FAILED);
    CHECK(err.kind == CLUSPROP_KIND_ENCODE && strstr(err.message, "in property 0 \"A\"") != NULL);
    CHECK(clusprop_from_json(nul_in_name, buf, sizeof buf, &needed, &err) ==
          CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_JSON);
    CHECK(clusprop_validate(empty_dword, sizeof empty_dword, &err) == CLUSPROP_OK);
    CHECK(clusprop_get_dword(empty_dword, sizeof empty_dword, "a", &dword, &err) ==
          CLUSPROP_TYPE_MISMATCH);
    CHECK(err.kind == CLUSPROP_KIND_WRONG_FORMAT && err.offset == 16 && dword == 77);
    /* The list is checked whole: a count of 2 with one property is refused
     * even though the property asked for is there. */
    memcpy(two, V12, sizeof V12);
    two[0] = 2;
    CHECK(clusprop_get_dword(two, sizeof two, "Virtual Machine", &dword, &err) ==
          CLUSPROP_INVALID_DATA);
    CHECK(err.kind == CLUSPROP_KIND_DECODE && dword == 77);
}

int main(void) {
    CHECK(clusprop_version()[0] >= '0' && clusprop_version()[0] <= '9');
    test_validate();
    test_null_pointers();
    test_instructions();
    test_lookups();
    test_json_round_trip();
    test_documented_statuses();
    test_lookups_with_policy();
    test_json_position();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
