// SPDX-License-Identifier: GPL-2.0
/*
 * A userspace mirror of the kernel's attribute validation (lib/nlattr.c,
 * Linux 6.1) for the policy kinds kernel/nlpolicy.c uses, so that the policy
 * tables can be fuzzed without a kernel.  The order of the checks and the
 * error codes follow the kernel's, because the fuzz target's invariants are
 * about what the kernel would let through to the handlers.
 *
 * A policy kind not mirrored here aborts: silently accepting it would
 * make the fuzz target vouch for checks nobody ran.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <net/netlink.h>

/* The kernel's limit on nesting through policies. */
#define MAX_POLICY_RECURSION_DEPTH	10

static int validate_stream(const struct nlattr *head, int len, int maxtype,
			   const struct nla_policy *policy,
			   unsigned int validate, struct netlink_ext_ack *extack,
			   unsigned int depth);

static int fail(struct netlink_ext_ack *extack, const struct nlattr *nla,
		const char *msg, int err)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = nla;
	}
	return err;
}

static int policy_fail(struct netlink_ext_ack *extack,
		       const struct nlattr *nla, int err)
{
	return fail(extack, nla, "Attribute failed policy validation", err);
}

static void unmirrored(const char *what, int kind)
{
	fprintf(stderr, "nla-validate: %s %d is not mirrored\n", what, kind);
	abort();
}

/* Integer types must have exactly their size in strict mode. */
static int exact_len_of(int type)
{
	switch (type) {
	case NLA_U8:	return 1;
	case NLA_U16:	return 2;
	case NLA_U32:	return 4;
	case NLA_U64:	return 8;
	default:	return 0;
	}
}

static u64 unsigned_value(const struct nla_policy *pt, const struct nlattr *nla)
{
	switch (pt->type) {
	case NLA_U8:	return nla_get_u8(nla);
	case NLA_U16:	return nla_get_u16(nla);
	case NLA_U32:	return nla_get_u32(nla);
	case NLA_U64:	return nla_get_u64(nla);
	case NLA_BINARY: return (u64)nla_len(nla);	/* ranges bound the length */
	}
	unmirrored("integer type", pt->type);
	return 0;
}

static u64 type_max(int type)
{
	switch (type) {
	case NLA_U8:	return UINT8_MAX;
	case NLA_U16:
	case NLA_BINARY: return UINT16_MAX;
	case NLA_U32:	return UINT32_MAX;
	default:	return UINT64_MAX;
	}
}

static int check_range(const struct nla_policy *pt, const struct nlattr *nla,
		       struct netlink_ext_ack *extack)
{
	u64 value = unsigned_value(pt, nla), min = 0, max = type_max(pt->type);

	if (pt->validation_type == NLA_VALIDATE_RANGE ||
	    pt->validation_type == NLA_VALIDATE_MIN)
		min = (u64)pt->min;
	if (pt->validation_type == NLA_VALIDATE_RANGE ||
	    pt->validation_type == NLA_VALIDATE_MAX)
		max = (u64)pt->max;
	if (value < min || value > max)
		return fail(extack, nla, pt->type == NLA_BINARY ?
			    "binary attribute size out of range" :
			    "integer out of range", -ERANGE);
	return 0;
}

static int check_value(const struct nla_policy *pt, const struct nlattr *nla,
		       struct netlink_ext_ack *extack)
{
	switch (pt->validation_type) {
	case NLA_VALIDATE_NONE:
		return 0;
	case NLA_VALIDATE_RANGE:
	case NLA_VALIDATE_MIN:
	case NLA_VALIDATE_MAX:
		return check_range(pt, nla, extack);
	case NLA_VALIDATE_MASK:
		if (unsigned_value(pt, nla) & ~(u64)pt->mask)
			return fail(extack, nla, "reserved bit set", -EINVAL);
		return 0;
	}
	unmirrored("validation type", pt->validation_type);
	return -EINVAL;
}

static int check_nested_flag(const struct nla_policy *pt,
			     const struct nlattr *nla,
			     struct netlink_ext_ack *extack)
{
	bool nested = pt->type == NLA_NESTED || pt->type == NLA_NESTED_ARRAY;
	bool flagged = nla->nla_type & NLA_F_NESTED;

	if (nested && !flagged)
		return fail(extack, nla, "NLA_F_NESTED is missing", -EINVAL);
	if (!nested && pt->type != NLA_UNSPEC && flagged)
		return fail(extack, nla, "NLA_F_NESTED not expected", -EINVAL);
	return 0;
}

/* A NUL within the first len + 1 bytes, and at most len bytes before it. */
static int check_nul_string(const struct nla_policy *pt,
			    const struct nlattr *nla,
			    struct netlink_ext_ack *extack)
{
	int attrlen = nla_len(nla);
	int scan = attrlen;
	const char *text = nla_data(nla);

	if (pt->len && scan > pt->len + 1)
		scan = pt->len + 1;
	if (scan == 0 || !memchr(text, '\0', scan))
		return policy_fail(extack, nla, -EINVAL);
	if (text[attrlen - 1] == '\0')
		attrlen--;
	if (pt->len && attrlen > pt->len)
		return policy_fail(extack, nla, -ERANGE);
	return 0;
}

/*
 * Each element of a nested array is a nest of any type; an empty one is
 * skipped.  The kernel does not check for bytes after the last element.
 */
static int check_array(const struct nla_policy *pt, const struct nlattr *nla,
		       unsigned int validate, struct netlink_ext_ack *extack,
		       unsigned int depth)
{
	const struct nlattr *entry;
	int rem, err;

	nla_for_each_nested(entry, nla, rem) {
		if (nla_len(entry) == 0)
			continue;
		if (nla_len(entry) < NLA_HDRLEN)
			return fail(extack, entry, "Array element too short",
				    -ERANGE);
		err = validate_stream(nla_data(entry), nla_len(entry), pt->len,
				      pt->nested_policy, validate, extack,
				      depth + 1);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The checks that depend on the policy's type, before any value check.
 * Like the kernel's, an array passes on the error of the element.
 */
static int check_kind(const struct nla_policy *pt, const struct nlattr *nla,
		      unsigned int validate, struct netlink_ext_ack *extack,
		      unsigned int depth)
{
	int attrlen = nla_len(nla);

	switch (pt->type) {
	case NLA_NUL_STRING:
		return check_nul_string(pt, nla, extack);
	case NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			return policy_fail(extack, nla, -ERANGE);
		return 0;
	case NLA_NESTED:
		if (attrlen == 0)
			return 0;
		if (attrlen < NLA_HDRLEN)
			return policy_fail(extack, nla, -ERANGE);
		/* With a policy, the kernel checks what it holds, strictly. */
		return pt->nested_policy ?
		       validate_stream(nla_data(nla), attrlen, pt->len,
				       pt->nested_policy, validate, extack,
				       depth + 1) : 0;
	case NLA_NESTED_ARRAY:
		if (attrlen == 0)
			return 0;
		if (attrlen < NLA_HDRLEN)
			return policy_fail(extack, nla, -ERANGE);
		return pt->nested_policy ?
		       check_array(pt, nla, validate, extack, depth) : 0;
	case NLA_UNSPEC:
		if (validate & NL_VALIDATE_UNSPEC)
			return fail(extack, nla, "Unsupported attribute",
				    -EINVAL);
		if (attrlen < pt->len)
			return policy_fail(extack, nla, -ERANGE);
		return 0;
	case NLA_U8:
	case NLA_U16:
	case NLA_U32:
	case NLA_U64:
		if (attrlen < (pt->len ?: exact_len_of(pt->type)))
			return policy_fail(extack, nla, -ERANGE);
		return 0;
	}
	unmirrored("policy type", pt->type);
	return -EINVAL;
}

static int validate_attr(const struct nlattr *nla,
			 const struct nla_policy *policy, unsigned int validate,
			 struct netlink_ext_ack *extack, unsigned int depth)
{
	const struct nla_policy *pt = &policy[nla_type(nla)];
	int exact = exact_len_of(pt->type);
	int err;

	if (policy[0].strict_start_type &&
	    nla_type(nla) >= policy[0].strict_start_type)
		validate |= NL_VALIDATE_STRICT;
	if (exact && nla_len(nla) != exact &&
	    (validate & NL_VALIDATE_STRICT_ATTRS))
		return fail(extack, nla, "invalid attribute length", -EINVAL);
	if (validate & NL_VALIDATE_NESTED) {
		err = check_nested_flag(pt, nla, extack);
		if (err)
			return err;
	}
	err = check_kind(pt, nla, validate, extack, depth);
	if (err)
		return err;
	return check_value(pt, nla, extack);
}

static int validate_stream(const struct nlattr *head, int len, int maxtype,
			   const struct nla_policy *policy,
			   unsigned int validate, struct netlink_ext_ack *extack,
			   unsigned int depth)
{
	const struct nlattr *nla;
	int rem, err;

	if (depth >= MAX_POLICY_RECURSION_DEPTH)
		return fail(extack, NULL,
			    "allowed policy recursion depth exceeded", -EINVAL);
	nla_for_each_attr(nla, head, len, rem) {
		int type = nla_type(nla);

		if (type == 0 || type > maxtype) {
			if (validate & NL_VALIDATE_MAXTYPE)
				return fail(extack, nla,
					    "Unknown attribute type", -EINVAL);
			continue;
		}
		err = validate_attr(nla, policy, validate, extack, depth);
		if (err)
			return err;
	}
	if (rem > 0 && (validate & NL_VALIDATE_TRAILING))
		return fail(extack, NULL,
			    "bytes leftover after parsing attributes", -EINVAL);
	return 0;
}

int __nla_validate(const struct nlattr *head, int len, int maxtype,
		   const struct nla_policy *policy, unsigned int validate,
		   struct netlink_ext_ack *extack)
{
	if (extack) {
		extack->_msg = NULL;
		extack->bad_attr = NULL;
	}
	return validate_stream(head, len, maxtype, policy, validate, extack, 0);
}
