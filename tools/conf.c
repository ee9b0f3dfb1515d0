// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "exitcode.h"
#include "key.h"
#include "mem.h"
#include "policy.h"
#include "rule.h"

enum section { SECTION_NONE, SECTION_INTERFACE, SECTION_PEER, SECTION_POLICY };

struct conf {
	struct ztnet_device *dev;
	struct ztnet_parse_error *err;
	enum section section;
	unsigned int peer_line;	/* where the current [Peer] began */
	bool peer_has_key;
	bool has_policy;	/* a [Policy] section was seen */
	bool append;
	unsigned int lines;
};

/* Settings of wg-quick(8), which `wg setconf` does not take either. */
static const char *const wg_quick_keys[] = {
	"Address", "DNS", "MTU", "Table", "PreUp", "PostUp", "PreDown",
	"PostDown", "SaveConfig",
};

static bool fail(struct conf *c, int status, const char *what,
		 const char *key)
{
	return ztnet_parse_fail(c->err, status, "%s%.32s", what, key);
}

static bool is_wg_quick_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(wg_quick_keys) / sizeof(wg_quick_keys[0]); i++)
		if (strcasecmp(key, wg_quick_keys[i]) == 0)
			return true;
	return false;
}

static bool interface_setting(struct conf *c, const char *key,
			      const char *value)
{
	struct ztnet_device *dev = c->dev;

	if (strcasecmp(key, "PrivateKey") == 0) {
		dev->has_private_key = true;
		return ztnet_parse_key(value, dev->private_key, "PrivateKey",
				       c->err);
	}
	if (strcasecmp(key, "ListenPort") == 0) {
		dev->has_listen_port = true;
		return ztnet_parse_port(value, &dev->listen_port, c->err);
	}
	if (strcasecmp(key, "FwMark") == 0) {
		dev->has_fwmark = true;
		return ztnet_parse_fwmark(value, &dev->fwmark, c->err);
	}
	if (is_wg_quick_key(key))
		return ztnet_parse_fail(c->err, ZTNET_EXIT_USAGE,
					"'%.32s' is a wg-quick setting, not a "
					"device's (strip it first)", key);
	return ztnet_parse_invalid(c->err, "key in [Interface]", key, NULL);
}

static bool peer_setting(struct conf *c, const char *key, const char *value)
{
	struct ztnet_peer *peer = &c->dev->peers[c->dev->peers_len - 1];

	if (strcasecmp(key, "PublicKey") == 0) {
		c->peer_has_key = true;
		return ztnet_parse_key(value, peer->public_key, "PublicKey",
				       c->err);
	}
	if (strcasecmp(key, "PresharedKey") == 0) {
		peer->has_preshared_key = true;
		return ztnet_parse_key(value, peer->preshared_key,
				       "PresharedKey", c->err);
	}
	if (strcasecmp(key, "AllowedIPs") == 0)
		return ztnet_parse_allowedips(value, peer, c->err);
	if (strcasecmp(key, "Endpoint") == 0)
		return ztnet_parse_endpoint(value, peer, c->err);
	if (strcasecmp(key, "PersistentKeepalive") == 0) {
		peer->has_keepalive = true;
		return ztnet_parse_keepalive(value, &peer->keepalive, c->err);
	}
	if (strcasecmp(key, "Groups") == 0)
		return ztnet_parse_groups(value, peer, c->err);
	return ztnet_parse_invalid(c->err, "key in [Peer]", key, NULL);
}

static bool policy_action(struct conf *c, const char *key, const char *value,
			  uint8_t *action, bool *has)
{
	*has = true;
	return ztnet_parse_action(value, action, key, c->err);
}

static bool policy_limit(struct conf *c, const char *key, const char *value)
{
	struct ztnet_policy *p = c->dev->policy;
	int t = ztnet_timeout_find(key);

	if (strcasecmp(key, "MaxFlows") == 0) {
		p->has_max_flows = true;
		return ztnet_parse_flows(value, &p->max_flows, "MaxFlows",
					 c->err);
	}
	if (strcasecmp(key, "MaxPeerFlows") == 0) {
		p->has_max_peer_flows = true;
		return ztnet_parse_flows(value, &p->max_peer_flows,
					 "MaxPeerFlows", c->err);
	}
	if (t) {
		p->has_timeout[t] = true;
		return ztnet_parse_timeout(value, &p->timeout[t],
					   ztnet_timeout_key(t), c->err);
	}
	return ztnet_parse_invalid(c->err, "key in [Policy]", key, NULL);
}

static bool policy_setting(struct conf *c, const char *key, const char *value)
{
	struct ztnet_policy *p = c->dev->policy;

	if (strcasecmp(key, "Mode") == 0) {
		p->has_mode = true;
		return ztnet_parse_mode(value, &p->mode, c->err);
	}
	if (strcasecmp(key, "DefaultIn") == 0)
		return policy_action(c, "DefaultIn", value, &p->default_in,
				     &p->has_default_in);
	if (strcasecmp(key, "DefaultOut") == 0)
		return policy_action(c, "DefaultOut", value, &p->default_out,
				     &p->has_default_out);
	if (strcasecmp(key, "Protect") == 0)
		return ztnet_parse_protect(value, p, c->err);
	return policy_limit(c, key, value);
}

/*
 * A rule's words are separated by white space, which clean_line drops:
 * its value is taken from the raw line, white space made plain blanks.
 */
static bool policy_rule(struct conf *c, const char *start, size_t len)
{
	const char *eq = memchr(start, '=', len);
	size_t vlen = len - (size_t)(eq + 1 - start), i;
	char *value = ztnet_strndup(eq + 1, vlen);
	struct ztnet_rule rule;
	bool ok;

	for (i = 0; value[i]; i++) {
		if (value[i] == '#')
			value[i] = '\0';
		else if (strchr("\t\r\v\f", value[i]))
			value[i] = ' ';
		if (!value[i])
			break;
	}
	ok = ztnet_rule_parse_line(&rule, value, c->err);
	if (ok)
		ztnet_policy_add_rule(c->dev->policy, &rule);
	free(value);
	return ok;
}

static bool is_rule_line(const struct conf *c, const char *line)
{
	return c->section == SECTION_POLICY && strncasecmp(line, "Rule=", 5) == 0;
}

/* The peer that ends here must have named itself. */
static bool finish_peer(struct conf *c)
{
	if (c->section != SECTION_PEER || c->peer_has_key)
		return true;
	c->err->line = c->peer_line;
	return ztnet_parse_fail(c->err, ZTNET_EXIT_USAGE,
				"[Peer] has no PublicKey");
}

static bool start_section(struct conf *c, const char *header,
			  unsigned int line)
{
	struct ztnet_peer *peer;

	if (!finish_peer(c))
		return false;
	if (strcasecmp(header, "[Interface]") == 0) {
		c->section = SECTION_INTERFACE;
		return true;
	}
	if (strcasecmp(header, "[Policy]") == 0) {
		if (c->has_policy)
			return fail(c, ZTNET_EXIT_USAGE,
				    "a second [Policy] section", "");
		ztnet_policy_of(c->dev);
		c->has_policy = true;
		c->section = SECTION_POLICY;
		return true;
	}
	if (strcasecmp(header, "[Peer]") != 0)
		return ztnet_parse_invalid(c->err, "section", header,
					   "[Interface], [Peer] or [Policy]");
	peer = ztnet_device_add_peer(c->dev);
	peer->replace_allowedips = true;
	c->section = SECTION_PEER;
	c->peer_line = line;
	c->peer_has_key = false;
	return true;
}

static bool setting(struct conf *c, char *line)
{
	char *value = strchr(line, '=');

	if (!value)
		return fail(c, ZTNET_EXIT_USAGE,
			    "neither a [section] nor key = value: ", line);
	*value++ = '\0';
	if (!*line)
		return fail(c, ZTNET_EXIT_USAGE, "a value without a key", "");
	if (!*value)
		return fail(c, ZTNET_EXIT_USAGE, "no value for ", line);
	if (c->section == SECTION_INTERFACE)
		return interface_setting(c, line, value);
	if (c->section == SECTION_PEER)
		return peer_setting(c, line, value);
	if (c->section == SECTION_POLICY)
		return policy_setting(c, line, value);
	return fail(c, ZTNET_EXIT_USAGE,
		    "a key before [Interface], [Peer] or [Policy]: ", line);
}

/* Copies a line without its comment and without any white space. */
static char *clean_line(const char *start, size_t len, bool *has_nul)
{
	char *line = malloc(len + 1);
	size_t i, n = 0;

	if (!line)
		ztnet_out_of_memory();
	*has_nul = false;
	for (i = 0; i < len && start[i] != '#'; i++) {
		if (start[i] == '\0')
			*has_nul = true;
		else if (!strchr(" \t\r\v\f", start[i]))
			line[n++] = start[i];
	}
	line[n] = '\0';
	return line;
}

static bool parse_line(struct conf *c, const char *start, size_t len,
		       unsigned int number)
{
	bool has_nul, ok = true;
	char *line = clean_line(start, len, &has_nul);

	c->err->line = number;
	if (has_nul)
		ok = ztnet_parse_fail(c->err, ZTNET_EXIT_USAGE,
				      "a NUL byte in the line");
	else if (line[0] == '[')
		ok = start_section(c, line, number);
	else if (is_rule_line(c, line) && line[5])
		ok = policy_rule(c, start, len);
	else if (line[0])
		ok = setting(c, line);
	ztnet_wipe(line, len + 1);
	free(line);
	return ok;
}

static void start_config(struct ztnet_device *dev, bool append)
{
	memset(dev, 0, sizeof(*dev));
	if (append)
		return;
	/* What the file leaves out is reset, as `wg setconf` does. */
	dev->has_private_key = true;
	dev->has_listen_port = true;
	dev->has_fwmark = true;
	dev->replace_peers = true;
}

/*
 * A file with a [Policy] section says the whole policy: what it leaves
 * out is reset, and every peer's groups are set, none if it lists none.
 * A file without one leaves the policy and groups alone, as before.
 */
static bool finish_policy(struct conf *c)
{
	size_t i;

	c->err->line = c->lines ? c->lines : 1;
	if (c->has_policy && !c->append) {
		ztnet_policy_set_defaults(c->dev->policy);
		for (i = 0; i < c->dev->peers_len; i++)
			c->dev->peers[i].has_groups = true;
	}
	return ztnet_policy_check_groups(c->dev, c->err);
}

bool ztnet_conf_parse(const char *text, size_t len, bool append,
		      struct ztnet_device *dev, struct ztnet_parse_error *err)
{
	struct conf c = { .dev = dev, .err = err, .append = append };
	unsigned int number = 0;
	size_t pos = 0;

	start_config(dev, append);
	memset(err, 0, sizeof(*err));
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - text) - pos : len - pos;

		if (!parse_line(&c, text + pos, line_len, ++number))
			goto fail;
		pos += line_len + 1;
	}
	c.lines = number;
	if (finish_peer(&c) && finish_policy(&c))
		return true;
fail:
	ztnet_device_wipe(dev);
	return false;
}
