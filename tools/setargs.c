// SPDX-License-Identifier: GPL-2.0
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "key.h"
#include "mem.h"
#include "policy.h"
#include "setargs.h"

struct words {
	struct ztnet_set_args *args;
	struct ztnet_parse_error *err;
	struct ztnet_peer *peer;	/* the latest `peer`, or NULL */
	size_t files_cap;
};

/* policy, default-in, default-out and protect: the policy's settings. */
static bool policy_word(struct words *w, const char *word, const char *value)
{
	struct ztnet_policy *p = ztnet_policy_of(&w->args->dev);

	if (strcmp(word, "policy") == 0) {
		p->has_mode = true;
		return ztnet_parse_mode(value, &p->mode, w->err);
	}
	if (strcmp(word, "default-in") == 0) {
		p->has_default_in = true;
		return ztnet_parse_action(value, &p->default_in, word, w->err);
	}
	if (strcmp(word, "default-out") == 0) {
		p->has_default_out = true;
		return ztnet_parse_action(value, &p->default_out, word, w->err);
	}
	return ztnet_parse_protect(value, p, w->err);
}

static bool is_policy_word(const char *word)
{
	return strcmp(word, "policy") == 0 || strcmp(word, "default-in") == 0 ||
	       strcmp(word, "default-out") == 0 || strcmp(word, "protect") == 0;
}

/* The white space a shell-quoted list may hold ("tcp/22, udp/53"). */
static char *squeeze(const char *value)
{
	char *list = ztnet_strndup(value, strlen(value));
	size_t i, n = 0;

	for (i = 0; list[i]; i++)
		if (!strchr(" \t\n\r\v\f", list[i]))
			list[n++] = list[i];
	list[n] = '\0';
	return list;
}

static bool device_word(struct words *w, const char *word, const char *value)
{
	struct ztnet_device *dev = &w->args->dev;

	if (is_policy_word(word)) {
		char *list = squeeze(value);
		bool ok = policy_word(w, word, list);

		free(list);
		return ok;
	}

	if (strcmp(word, "listen-port") == 0) {
		dev->has_listen_port = true;
		return ztnet_parse_port(value, &dev->listen_port, w->err);
	}
	if (strcmp(word, "fwmark") == 0) {
		dev->has_fwmark = true;
		return ztnet_parse_fwmark(value, &dev->fwmark, w->err);
	}
	/* private-key: its file is read only once every word is valid. */
	dev->has_private_key = true;
	w->args->private_key_file = value;
	return true;
}

static bool start_peer(struct words *w, const char *key)
{
	struct ztnet_set_args *args = w->args;

	ztnet_grow((void **)&args->preshared_key_files, &w->files_cap,
		   args->dev.peers_len, sizeof(*args->preshared_key_files),
		   false);
	args->preshared_key_files[args->dev.peers_len] = NULL;
	w->peer = ztnet_device_add_peer(&args->dev);
	/* A public key is no secret: say which one was wrong. */
	if (!ztnet_key_from_base64(w->peer->public_key, key, strlen(key)))
		return ztnet_parse_fail(w->err, ZTNET_EXIT_BAD_KEY,
					"malformed peer key: '%.64s'", key);
	return true;
}

/* Drops the white space that `wg set` allows in a list of allowed IPs. */
static bool allowedips_word(struct words *w, const char *value)
{
	char *list = ztnet_strndup(value, strlen(value));
	size_t i, n = 0;
	bool ok;

	for (i = 0; list[i]; i++)
		if (!strchr(" \t\n\r\v\f", list[i]))
			list[n++] = list[i];
	list[n] = '\0';
	ok = ztnet_parse_allowedips(list, w->peer, w->err);
	free(list);
	return ok;
}

static bool peer_word(struct words *w, const char *word, const char *value)
{
	struct ztnet_peer *peer = w->peer;

	if (strcmp(word, "endpoint") == 0)
		return ztnet_parse_endpoint(value, peer, w->err);
	if (strcmp(word, "allowed-ips") == 0)
		return allowedips_word(w, value);
	if (strcmp(word, "persistent-keepalive") == 0) {
		peer->has_keepalive = true;
		return ztnet_parse_keepalive(value, &peer->keepalive, w->err);
	}
	if (strcmp(word, "groups") == 0) {
		char *list = squeeze(value);
		bool ok = ztnet_parse_groups(list, peer, w->err);

		free(list);
		return ok;
	}
	/* preshared-key: read later, like private-key. */
	peer->has_preshared_key = true;
	w->args->preshared_key_files[w->args->dev.peers_len - 1] = value;
	return true;
}

static bool is_device_word(const char *word)
{
	return strcmp(word, "listen-port") == 0 ||
	       strcmp(word, "fwmark") == 0 ||
	       strcmp(word, "private-key") == 0 || is_policy_word(word);
}

static bool is_peer_word(const char *word)
{
	return strcmp(word, "endpoint") == 0 ||
	       strcmp(word, "allowed-ips") == 0 ||
	       strcmp(word, "persistent-keepalive") == 0 ||
	       strcmp(word, "preshared-key") == 0 ||
	       strcmp(word, "groups") == 0;
}

static bool peer_flag(struct words *w, const char *word)
{
	if (strcmp(word, "remove") == 0)
		w->peer->remove_me = true;
	else if (strcmp(word, "update-only") == 0)
		w->peer->update_only = true;
	else
		return false;
	return true;
}

/* Parses the word at argv[0]; returns how many arguments it took, or 0. */
static int parse_word(struct words *w, int argc, char *argv[])
{
	const char *word = argv[0], *value = argc > 1 ? argv[1] : NULL;

	if (w->peer && peer_flag(w, word))
		return 1;
	if (!is_device_word(word) && !is_peer_word(word) &&
	    strcmp(word, "peer") != 0)
		return ztnet_parse_invalid(w->err, "argument", word, NULL);
	if (!value)
		return ztnet_parse_fail(w->err, ZTNET_EXIT_USAGE,
					"%s needs a value", word);
	if (strcmp(word, "peer") == 0)
		return start_peer(w, value) ? 2 : 0;
	if (is_device_word(word) && w->peer)
		return ztnet_parse_fail(w->err, ZTNET_EXIT_USAGE,
					"%s must come before the first peer",
					word);
	if (is_peer_word(word) && !w->peer)
		return ztnet_parse_fail(w->err, ZTNET_EXIT_USAGE,
					"%s must follow a peer", word);
	if (is_device_word(word))
		return device_word(w, word, value) ? 2 : 0;
	return peer_word(w, word, value) ? 2 : 0;
}

bool ztnet_set_parse_args(int argc, char *argv[], struct ztnet_set_args *args,
			  struct ztnet_parse_error *err)
{
	struct words w = { .args = args, .err = err };
	int i, used;

	memset(args, 0, sizeof(*args));
	memset(err, 0, sizeof(*err));
	if (argc < 3)
		return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					"usage: ztnet set <interface> "
					"<setting>... (see ztnet set --help)");
	if (!ztnet_parse_ifname(argv[1], err))
		return false;
	strcpy(args->dev.ifname, argv[1]);
	for (i = 2; i < argc; i += used) {
		used = parse_word(&w, argc - i, argv + i);
		if (!used) {
			ztnet_set_args_free(args);
			return false;
		}
	}
	return true;
}

void ztnet_set_args_free(struct ztnet_set_args *args)
{
	ztnet_device_wipe(&args->dev);
	free(args->preshared_key_files);
	memset(args, 0, sizeof(*args));
}
