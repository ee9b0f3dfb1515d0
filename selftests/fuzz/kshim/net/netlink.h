/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: just enough of the kernel's <net/netlink.h> (as of Linux 6.1) for
 * kernel/nlpolicy.c and kernel/validate.c to compile unchanged in userspace,
 * and for the userspace mirror of the kernel's attribute validation in
 * ../nla-validate.c.
 *
 * Only the policy kinds kernel/nlpolicy.c uses have macros here.  A policy
 * that starts using another kind then fails to build, rather than being
 * validated by a mirror that does not know it.
 */
#ifndef ZTNET_KSHIM_NET_NETLINK_H
#define ZTNET_KSHIM_NET_NETLINK_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <linux/netlink.h>	/* struct nlattr, NLA_F_NESTED, NLA_HDRLEN */
/* As the kernel's: its <linux/in6.h> brings the socket addresses along. */
#include <linux/in6.h>

#include <linux/types.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The kernel's numbering, so that a policy table means the same here. */
enum {
	NLA_UNSPEC,
	NLA_U8,
	NLA_U16,
	NLA_U32,
	NLA_U64,
	NLA_STRING,
	NLA_FLAG,
	NLA_MSECS,
	NLA_NESTED,
	NLA_NESTED_ARRAY,
	NLA_NUL_STRING,
	NLA_BINARY,
	NLA_S8,
	NLA_S16,
	NLA_S32,
	NLA_S64,
	NLA_BITFIELD32,
	NLA_REJECT,
	NLA_BE16,
	NLA_BE32,
	__NLA_TYPE_MAX,
};

#define NLA_TYPE_MAX (__NLA_TYPE_MAX - 1)

enum nla_policy_validation {
	NLA_VALIDATE_NONE,
	NLA_VALIDATE_RANGE,
	NLA_VALIDATE_RANGE_WARN_TOO_LONG,
	NLA_VALIDATE_MIN,
	NLA_VALIDATE_MAX,
	NLA_VALIDATE_MASK,
	NLA_VALIDATE_RANGE_PTR,
	NLA_VALIDATE_FUNCTION,
};

struct nla_policy {
	u8 type;
	u8 validation_type;
	u16 len;
	union {
		u16 strict_start_type;	/* policy[0] only */
		u32 mask;
		const struct nla_policy *nested_policy;
		struct {
			s16 min, max;
		};
	};
};

/*
 * The kernel refuses at build time a range on a string or a mask on a
 * binary; a negative array size does the same here.
 */
#define __NLA_ENSURE(cond)	(sizeof(char[(cond) ? 1 : -1]) - 1)
#define __NLA_IS_UINT_TYPE(tp) \
	((tp) == NLA_U8 || (tp) == NLA_U16 || (tp) == NLA_U32 || \
	 (tp) == NLA_U64 || (tp) == NLA_BE16 || (tp) == NLA_BE32)
#define NLA_ENSURE_UINT_TYPE(tp) \
	(__NLA_ENSURE(__NLA_IS_UINT_TYPE(tp)) + (tp))
#define NLA_ENSURE_UINT_OR_BINARY_TYPE(tp) \
	(__NLA_ENSURE(__NLA_IS_UINT_TYPE(tp) || (tp) == NLA_BINARY) + (tp))

#define NLA_POLICY_RANGE(tp, _min, _max) {			\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),		\
	.validation_type = NLA_VALIDATE_RANGE,			\
	.min = _min,						\
	.max = _max						\
}
#define NLA_POLICY_MIN(tp, _min) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),		\
	.validation_type = NLA_VALIDATE_MIN,			\
	.min = _min,						\
}
#define NLA_POLICY_MAX(tp, _max) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),		\
	.validation_type = NLA_VALIDATE_MAX,			\
	.max = _max,						\
}
#define NLA_POLICY_MASK(tp, _mask) {				\
	.type = NLA_ENSURE_UINT_TYPE(tp),			\
	.validation_type = NLA_VALIDATE_MASK,			\
	.mask = _mask,						\
}
#define NLA_POLICY_EXACT_LEN(_len)	NLA_POLICY_RANGE(NLA_BINARY, _len, _len)
#define NLA_POLICY_MIN_LEN(_len)	NLA_POLICY_MIN(NLA_BINARY, _len)

#define _NLA_POLICY_NESTED(maxattr, policy) \
	{ .type = NLA_NESTED, .nested_policy = policy, .len = maxattr }
#define NLA_POLICY_NESTED(policy) \
	_NLA_POLICY_NESTED(ARRAY_SIZE(policy) - 1, policy)
#define _NLA_POLICY_NESTED_ARRAY(maxattr, policy) \
	{ .type = NLA_NESTED_ARRAY, .nested_policy = policy, .len = maxattr }
#define NLA_POLICY_NESTED_ARRAY(policy) \
	_NLA_POLICY_NESTED_ARRAY(ARRAY_SIZE(policy) - 1, policy)

/* Accessors, with the kernel's semantics. */
static inline int nla_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static inline int nla_type(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

static inline void *nla_data(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static inline int nla_ok(const struct nlattr *nla, int remaining)
{
	return remaining >= (int)sizeof(*nla) &&
	       nla->nla_len >= sizeof(*nla) &&
	       nla->nla_len <= remaining;
}

static inline struct nlattr *nla_next(const struct nlattr *nla, int *remaining)
{
	unsigned int totlen = NLA_ALIGN(nla->nla_len);

	*remaining -= totlen;
	return (struct nlattr *)((char *)nla + totlen);
}

#define nla_for_each_attr(pos, head, len, rem) \
	for (pos = head, rem = len; nla_ok(pos, rem); pos = nla_next(pos, &(rem)))

#define nla_for_each_nested(pos, nla, rem) \
	nla_for_each_attr(pos, nla_data(nla), nla_len(nla), rem)

/* memcpy: userspace gives no alignment promise the kernel's skb does. */
#define ZTNET_KSHIM_NLA_GET(bits)					\
static inline u##bits nla_get_u##bits(const struct nlattr *nla)	\
{									\
	u##bits value;							\
									\
	memcpy(&value, nla_data(nla), sizeof(value));			\
	return value;							\
}
ZTNET_KSHIM_NLA_GET(8)
ZTNET_KSHIM_NLA_GET(16)
ZTNET_KSHIM_NLA_GET(32)
ZTNET_KSHIM_NLA_GET(64)

struct netlink_ext_ack {
	const char *_msg;
	const struct nlattr *bad_attr;
};

#define NL_SET_ERR_MSG(extack, msg) do {				\
	struct netlink_ext_ack *kshim_extack_ = (extack);		\
									\
	if (kshim_extack_)						\
		kshim_extack_->_msg = (msg);				\
} while (0)

#define NL_SET_ERR_MSG_ATTR(extack, attr, msg) do {			\
	struct netlink_ext_ack *kshim_extack_ = (extack);		\
									\
	if (kshim_extack_) {						\
		kshim_extack_->_msg = (msg);				\
		kshim_extack_->bad_attr = (attr);			\
	}								\
} while (0)

enum netlink_validation {
	NL_VALIDATE_LIBERAL = 0,
	NL_VALIDATE_TRAILING = 1 << 0,
	NL_VALIDATE_MAXTYPE = 1 << 1,
	NL_VALIDATE_UNSPEC = 1 << 2,
	NL_VALIDATE_STRICT_ATTRS = 1 << 3,
	NL_VALIDATE_NESTED = 1 << 4,
};

#define NL_VALIDATE_STRICT (NL_VALIDATE_TRAILING | NL_VALIDATE_MAXTYPE | \
			    NL_VALIDATE_UNSPEC | NL_VALIDATE_STRICT_ATTRS | \
			    NL_VALIDATE_NESTED)

/* In ../nla-validate.c.  Returns 0, -EINVAL or -ERANGE, as the kernel. */
int __nla_validate(const struct nlattr *head, int len, int maxtype,
		   const struct nla_policy *policy, unsigned int validate,
		   struct netlink_ext_ack *extack);

/* What generic netlink does to a request of a family with a policy. */
static inline int nla_validate(const struct nlattr *head, int len,
			       int maxtype, const struct nla_policy *policy,
			       struct netlink_ext_ack *extack)
{
	return __nla_validate(head, len, maxtype, policy, NL_VALIDATE_STRICT,
			      extack);
}

/*
 * The kernel's nla_parse() validates strictly and fills tb[] in one walk;
 * validating first and then filling gives the same table and errors, the
 * last of several attributes of a type winning.
 */
static inline int nla_parse(struct nlattr **tb, int maxtype,
			    const struct nlattr *head, int len,
			    const struct nla_policy *policy,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	int rem, err;

	err = __nla_validate(head, len, maxtype, policy, NL_VALIDATE_STRICT,
			     extack);
	if (err)
		return err;
	memset(tb, 0, sizeof(*tb) * (maxtype + 1));
	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) && nla_type(nla) <= maxtype)
			tb[nla_type(nla)] = (struct nlattr *)nla;
	return 0;
}

/* Strict, as the kernel's since 5.2: the nest must say it is one. */
static inline int nla_parse_nested(struct nlattr **tb, int maxtype,
				   const struct nlattr *nla,
				   const struct nla_policy *policy,
				   struct netlink_ext_ack *extack)
{
	if (!(nla->nla_type & NLA_F_NESTED)) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "NLA_F_NESTED is missing");
		return -EINVAL;
	}
	return nla_parse(tb, maxtype, nla_data(nla), nla_len(nla), policy,
			 extack);
}

#endif /* ZTNET_KSHIM_NET_NETLINK_H */
