// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "command.h"
#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "fdio.h"
#include "key.h"
#include "mem.h"
#include "quick.h"
#include "value.h"

/*
 * wg-quick's test of a bare name: [a-zA-Z0-9_=+.-]{1,15}, its length
 * being any device name's.
 */
static bool quick_name(const char *s)
{
	size_t i;

	if (!ztnet_ifname_valid(s))
		return false;
	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_=+.-", s[i]))
			return false;
	return true;
}

/* ZTNET_CONFIG_DIR, as the bash completion reads it, else /etc/ztnet. */
static const char *config_dir(void)
{
	const char *dir = ztnet_getenv("CONFIG_DIR");

	return dir && *dir ? dir : ZTNET_QUICK_DIR;
}

/* A slash or a ".conf" makes a file; wg-quick's name test, a name. */
static bool names_a_file(const char *arg)
{
	size_t len = strlen(arg);

	return strchr(arg, '/') ||
	       (len >= 5 && strcmp(arg + len - 5, ".conf") == 0) ||
	       !quick_name(arg);
}

/* Into ifname, the device that NAME.conf names; false if none. */
static bool file_device(const char *base, char ifname[IFNAMSIZ])
{
	size_t len = strlen(base);
	char *name;
	bool ok;

	if (len <= 5 || strcmp(base + len - 5, ".conf") != 0)
		return false;
	name = ztnet_strndup(base, len - 5);
	ok = quick_name(name);
	if (ok)
		strcpy(ifname, name);
	free(name);
	return ok;
}

/* The path, and the device its file name names. */
static int resolve(const char *arg, struct ztnet_quick *q)
{
	const char *base;

	if (names_a_file(arg))
		snprintf(q->path, sizeof(q->path), "%s", arg);
	else
		snprintf(q->path, sizeof(q->path), "%s/%s.conf", config_dir(), arg);
	base = strrchr(q->path, '/');
	base = base ? base + 1 : q->path;
	if (!file_device(base, q->ifname)) {
		/* wg-quick's words, which scripts may look for. */
		ztnet_err("the config file must be a valid interface name, followed by .conf: '%s'",
			  q->path);
		return ZTNET_EXIT_USAGE;
	}
	return ZTNET_EXIT_OK;
}

static void push(struct ztnet_strings *list, const char *s, size_t len)
{
	ztnet_grow((void **)&list->items, &list->cap, list->len,
		   sizeof(*list->items), false);
	list->items[list->len++] = ztnet_strndup(s, len);
}

/* s without white space ([[:space:]]) around it, as a length from *start. */
static size_t trim(const char **start, size_t len)
{
	const char *s = *start;

	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	*start = s;
	return len;
}

/* As bash's `read -r` takes a line: only spaces and tabs go, not '\r'. */
static size_t trim_line(const char **start, size_t len)
{
	const char *s = *start;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*start = s;
	return len;
}

/* Each item of a list split at commas and white space, as wg-quick's. */
static void push_words(struct ztnet_strings *list, const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && (s[i] == ',' || isspace((unsigned char)s[i])))
			i++;
		start = i;
		while (i < len && s[i] != ',' && !isspace((unsigned char)s[i]))
			i++;
		if (i > start)
			push(list, s + start, i - start);
	}
}

/* wg-quick's: an address (digits and dots, or a ':') is a server. */
static void push_dns(struct ztnet_quick *q, const char *s, size_t len)
{
	struct ztnet_strings words = { 0 };
	size_t i;

	push_words(&words, s, len);
	for (i = 0; i < words.len; i++) {
		const char *w = words.items[i];
		bool server = strchr(w, ':') || strspn(w, "0123456789.") == strlen(w);

		push(server ? &q->dns : &q->dns_search, w, strlen(w));
		free(words.items[i]);
	}
	free(words.items);
}

static bool key_is(const char *key, size_t len, const char *want)
{
	return len == strlen(want) && strncasecmp(key, want, len) == 0;
}

static int read_bool(const char *v, size_t len, bool *out)
{
	char *word;
	int ret;

	if (key_is(v, len, "true")) {
		*out = true;
		return ZTNET_EXIT_OK;
	}
	if (key_is(v, len, "false")) {
		*out = false;
		return ZTNET_EXIT_OK;
	}
	word = ztnet_strndup(v, len);
	ret = ztnet_invalid("SaveConfig", word, "true or false");
	free(word);
	return ret;
}

/* A key of [Interface] that is wg-quick's, taken into q: true if it was. */
static bool take_key(struct ztnet_quick *q, const char *key, size_t klen,
		     const char *v, size_t vlen, const char *raw, size_t rlen,
		     int *status)
{
	if (key_is(key, klen, "Address"))
		push_words(&q->addresses, v, vlen);
	else if (key_is(key, klen, "MTU"))
		q->mtu = (free(q->mtu), ztnet_strndup(v, vlen));
	else if (key_is(key, klen, "DNS"))
		push_dns(q, v, vlen);
	else if (key_is(key, klen, "Table"))
		q->table = (free(q->table), ztnet_strndup(v, vlen));
	else if (key_is(key, klen, "PreUp"))
		push(&q->pre_up, raw, rlen);
	else if (key_is(key, klen, "PostUp"))
		push(&q->post_up, raw, rlen);
	else if (key_is(key, klen, "PreDown"))
		push(&q->pre_down, raw, rlen);
	else if (key_is(key, klen, "PostDown"))
		push(&q->post_down, raw, rlen);
	else if (key_is(key, klen, "SaveConfig"))
		*status = read_bool(v, vlen, &q->save_config);
	else
		return false;
	return true;
}

static void keep_line(struct ztnet_quick *q, const char *line, size_t len)
{
	/* It holds the private key: a grown block is wiped. */
	while (q->config_cap < q->config_len + len + 2)
		ztnet_grow((void **)&q->config, &q->config_cap, q->config_cap, 1,
			   true);
	memcpy(q->config + q->config_len, line, len);
	q->config_len += len;
	q->config[q->config_len++] = '\n';
	q->config[q->config_len] = '\0';
	ztnet_grow((void **)&q->line_of, &q->lines_cap, q->lines,
		   sizeof(*q->line_of), false);
	q->line_of[q->lines++] = q->lineno;
}

unsigned int ztnet_quick_file_line(const struct ztnet_quick *q, unsigned int n)
{
	return n && n <= q->lines ? q->line_of[n - 1] : n;
}

/*
 * One line, as wg-quick's parse_options reads it: its key and value end
 * at a '#', but the hooks' commands keep theirs.
 */
static int quick_line(struct ztnet_quick *q, const char *line, size_t len,
		      bool *in_interface)
{
	const char *hash = memchr(line, '#', len), *eq, *key = line, *v, *raw;
	size_t stripped = hash ? (size_t)(hash - line) : len, klen, vlen, rlen;
	int status = ZTNET_EXIT_OK;

	eq = memchr(line, '=', stripped);
	klen = trim(&key, eq ? (size_t)(eq - line) : stripped);
	v = eq ? eq + 1 : line;
	vlen = trim(&v, (size_t)(line + stripped - v));
	raw = eq ? eq + 1 : line;
	rlen = trim(&raw, (size_t)(line + len - raw));
	if (klen && key[0] == '[')
		*in_interface = key_is(key, klen, "[Interface]");
	if (*in_interface && take_key(q, key, klen, v, vlen, raw, rlen, &status))
		return status;
	keep_line(q, line, len);
	return ZTNET_EXIT_OK;
}

static void warn_if_world_readable(const char *path)
{
	char dir[sizeof(((struct ztnet_quick *)0)->path)];
	struct stat file, parent;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (stat(path, &file) == 0 && stat(dir, &parent) == 0 &&
	    (file.st_mode & parent.st_mode & 0007))
		ztnet_warn("'%s' is world accessible", path);
}

int ztnet_quick_parse(struct ztnet_quick *q, const char *text, size_t len)
{
	const char *line, *end = text + len, *nl;
	bool in_interface = false;
	int ret = ZTNET_EXIT_OK;
	size_t n;

	/* An empty file still has a config, "" and not NULL. */
	keep_line(q, "", 0);
	q->config_len = 0;
	q->config[0] = '\0';
	q->lines = 0;
	for (line = text; !ret && line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		n = trim_line(&line, (size_t)(nl - line));
		q->lineno++;
		/* bash's read drops a last line that is only white space. */
		if (nl == end && !n)
			break;
		ret = quick_line(q, line, n, &in_interface);
	}
	if (ret)
		ztnet_quick_free(q);
	return ret;
}

int ztnet_quick_read(const char *name_or_path, struct ztnet_quick *q)
{
	char *text;
	size_t len;
	int ret;

	memset(q, 0, sizeof(*q));
	ret = resolve(name_or_path, q);
	if (ret)
		return ret;
	if (!ztnet_read_file(q->path, &text, &len)) {
		ztnet_err("cannot read '%s': %s", q->path, strerror(errno));
		return ZTNET_EXIT_FAILURE;
	}
	warn_if_world_readable(q->path);
	ret = ztnet_quick_parse(q, text, len);
	ztnet_wipe(text, len);
	free(text);
	return ret;
}

static void free_strings(struct ztnet_strings *list)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		free(list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

void ztnet_quick_free(struct ztnet_quick *q)
{
	free_strings(&q->addresses);
	free_strings(&q->dns);
	free_strings(&q->dns_search);
	free_strings(&q->pre_up);
	free_strings(&q->post_up);
	free_strings(&q->pre_down);
	free_strings(&q->post_down);
	free(q->mtu);
	free(q->table);
	free(q->line_of);
	q->line_of = NULL;
	q->lines = q->lines_cap = 0;
	/* It holds the private key. */
	if (q->config)
		ztnet_wipe(q->config, q->config_len);
	free(q->config);
	q->mtu = q->table = q->config = NULL;
	q->config_len = q->config_cap = 0;
}

static int run_strip(int argc, char *argv[])
{
	struct ztnet_quick q;
	int ret;

	if (argc != 2)
		return ztnet_usage_error(&ztnet_cmd_strip);
	ret = ztnet_quick_read(argv[1], &q);
	if (ret)
		return ret;
	/* wg-quick echoes what it kept: one more newline. */
	fwrite(q.config, 1, q.config_len, stdout);
	putchar('\n');
	ztnet_quick_free(&q);
	return ZTNET_EXIT_OK;
}

const struct ztnet_command ztnet_cmd_strip = {
	.name = "strip",
	.args = "<name | configuration filename>",
	.summary = "print a wg-quick configuration without wg-quick's keys",
	.run = run_strip,
};
