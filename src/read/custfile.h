/* SPDX-License-Identifier: MIT */
/* custfile.h — internal: the customers file (SPEC §2): one row per client
 * with id, name, type, status, contract start, referrals and the
 * structural-bond flag; read whole (it is small next to the transactions)
 * and looked up by id. */
#ifndef RMK_CUSTFILE_H
#define RMK_CUSTFILE_H
#include "relmark.h"

enum { CUST_TYPE_UNKNOWN = 0, CUST_TYPE_INDIVIDUAL = 1, CUST_TYPE_CORPORATE = 2 };
enum { CUST_STATUS_NONE = 0, CUST_STATUS_LEAD = 1, CUST_STATUS_QUALIFIED = 2,
       CUST_STATUS_DISQUALIFIED = 3 };
/* A type or status cell's value (CUST_TYPE_*, CUST_STATUS_*; an empty cell
 * UNKNOWN or NONE), by the words docs/rating.md lists; -1 for another word. */
int custfile_type_of(const char *v, size_t len);
int custfile_status_of(const char *v, size_t len);

/* The portfolio parameters (lecture §3, "Parameters for evaluating
 * customers"): measured ones a firm may keep per client, then the manager
 * scores 1..5 (5 = best for the firm). NAN when the column is absent or the
 * cell empty. */
enum { CP_PROFITABILITY, CP_RELATIONSHIP_COST, CP_MARKET_SHARE, CP_RELATIONSHIP_STRENGTH,
       CP_RELATIONSHIP_VALUE, CP_GOAL_COMPATIBILITY, CP_STRATEGIC_IMPORTANCE,
       CP_MANAGEMENT_COMPLEXITY, CP_SPECIALISATION_FIT, CP_DEVELOPMENT_POTENTIAL,
       CP_TECHNOLOGY_PROTECTION, CP_COUNT };
#define CP_FIRST_SCORE CP_RELATIONSHIP_STRENGTH
extern const char *const custfile_param_key[CP_COUNT]; /* "profitability", ... */

typedef struct cust_rec {
    char *id, *name;        /* owned by the file; NUL-terminated */
    size_t id_len;
    int type, status;
    int32_t contract_start; /* RMK_NO_DATE when empty */
    long referrals;         /* -1 when absent or empty */
    int structural_bond;    /* 1, 0, -1 absent */
    int manager;            /* a personal manager named: 1, 0 empty, -1 no column */
    double param[CP_COUNT]; /* percent, money or 1..5; NAN when not given */
    uint64_t line;
} cust_rec;

typedef struct custfile custfile;
/* Which parameter columns the file has (1) or not (0). */
int custfile_has_param(const custfile *f, int param);

/* Reads the file (encoding, delimiter and date format as in o; the map is
 * not used: columns by name). Errors: file:line:column, RMK_ERR_DATA; a
 * duplicate id names both lines. Free with custfile_free(). */
rmk_status custfile_read(const char *path, const rmk_read_opts *o, custfile **out, char *err,
                         size_t errlen);
rmk_status custfile_read_mem(const char *data, size_t len, const char *name,
                             const rmk_read_opts *o, custfile **out, char *err, size_t errlen);
void custfile_free(custfile *f);
size_t custfile_count(const custfile *f);
const cust_rec *custfile_at(const custfile *f, size_t i); /* in id (byte) order */
const cust_rec *custfile_find(const custfile *f, const char *id, size_t len);
#endif
