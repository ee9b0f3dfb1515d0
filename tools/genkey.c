// SPDX-License-Identifier: GPL-2.0
/*
 * genkey, genpsk and pubkey: the key commands, which work without the
 * kernel module and print keys in the text form wg(8) uses.
 */
#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "err.h"
#include "exitcode.h"
#include "fdio.h"
#include "key.h"

/* A key on stdin is 44 characters plus whitespace; more is not a key. */
#define KEY_INPUT_MAX 128

/*
 * A secret written to a file others can read has leaked already; warn as
 * wg genkey does, but still write it, because refusing would break
 * scripts that fix the mode afterwards.
 */
static void warn_if_shared_file(void)
{
	struct stat st;

	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)))
		ztnet_warn("writing a secret key to a file that others "
			   "can read (consider umask 077)");
}

static int print_key(const uint8_t key[ZTNET_KEY_LEN])
{
	char line[ZTNET_KEY_B64_LEN + 1];
	bool ok;

	ztnet_key_to_base64(line, key);
	line[ZTNET_KEY_B64_LEN] = '\n';
	ok = ztnet_write_all(STDOUT_FILENO, line, sizeof(line));
	ztnet_wipe(line, sizeof(line));
	if (!ok) {
		ztnet_err("cannot write the key: %s", strerror(errno));
		return ZTNET_EXIT_FAILURE;
	}
	return ZTNET_EXIT_OK;
}

static int print_random_key(bool clamp)
{
	uint8_t key[ZTNET_KEY_LEN];
	int ret;

	warn_if_shared_file();
	randombytes_buf(key, sizeof(key));
	if (clamp)
		ztnet_key_clamp(key);
	ret = print_key(key);
	ztnet_wipe(key, sizeof(key));
	return ret;
}

static int run_genkey(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1)
		return ztnet_usage_error(&ztnet_cmd_genkey);
	return print_random_key(true);
}

static int run_genpsk(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1)
		return ztnet_usage_error(&ztnet_cmd_genpsk);
	return print_random_key(false);
}

/* Reads a key in text form from stdin into key; returns an exit status. */
static int read_key(uint8_t key[ZTNET_KEY_LEN])
{
	char text[KEY_INPUT_MAX];
	ssize_t len;
	bool ok;

	len = ztnet_read_all(STDIN_FILENO, text, sizeof(text));
	if (len < 0) {
		ztnet_err("cannot read the key: %s", strerror(errno));
		ztnet_wipe(text, sizeof(text));
		return ZTNET_EXIT_FAILURE;
	}
	ok = (size_t)len < sizeof(text) &&
	     ztnet_key_from_base64(key, text, (size_t)len);
	ztnet_wipe(text, sizeof(text));
	if (!ok) {
		ztnet_err("malformed key");
		return ZTNET_EXIT_BAD_KEY;
	}
	return ZTNET_EXIT_OK;
}

static int run_pubkey(int argc, char *argv[])
{
	uint8_t priv[ZTNET_KEY_LEN], pub[ZTNET_KEY_LEN];
	int ret;

	(void)argv;
	if (argc != 1)
		return ztnet_usage_error(&ztnet_cmd_pubkey);
	ret = read_key(priv);
	if (ret == ZTNET_EXIT_OK && !ztnet_key_public(pub, priv)) {
		ztnet_err("malformed key");
		ret = ZTNET_EXIT_BAD_KEY;
	}
	ztnet_wipe(priv, sizeof(priv));
	if (ret == ZTNET_EXIT_OK)
		ret = print_key(pub);
	return ret;
}

const struct ztnet_command ztnet_cmd_genkey = {
	.name = "genkey",
	.args = "",
	.summary = "print a new private key",
	.run = run_genkey,
};

const struct ztnet_command ztnet_cmd_genpsk = {
	.name = "genpsk",
	.args = "",
	.summary = "print a new preshared key",
	.run = run_genpsk,
};

const struct ztnet_command ztnet_cmd_pubkey = {
	.name = "pubkey",
	.args = "< private-key",
	.summary = "read a private key on stdin, print its public key",
	.run = run_pubkey,
};
