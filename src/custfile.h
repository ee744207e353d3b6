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

typedef struct cust_rec {
    char *id, *name;        /* owned by the file; NUL-terminated */
    size_t id_len;
    int type, status;
    int32_t contract_start; /* RMK_NO_DATE when empty */
    long referrals;         /* -1 when absent or empty */
    int structural_bond;    /* 1, 0, -1 absent */
    uint64_t line;
} cust_rec;

typedef struct custfile custfile;

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
