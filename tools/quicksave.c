// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "confprint.h"
#include "err.h"
#include "exitcode.h"
#include "fdio.h"
#include "key.h"
#include "mem.h"
#include "query.h"
#include "quicknl.h"
#include "quickplan.h"
#include "quickrun.h"
#include "quicksave.h"

static void add_lines(FILE *out, const char *key, const struct ztnet_strings *list)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		fprintf(out, "%s = %s\n", key, list->items[i]);
}

char *ztnet_quick_header(const struct ztnet_quick *q,
			 const struct ztnet_strings *addresses,
			 const struct ztnet_strings *dns, unsigned int mtu)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		ztnet_out_of_memory();
	fputs("[Interface]\n", out);
	add_lines(out, "Address", addresses);
	add_lines(out, "DNS", dns);
	if (mtu)
		fprintf(out, "MTU = %u\n", mtu);
	if (q->table && *q->table)
		fprintf(out, "Table = %s\n", q->table);
	if (q->save_config)
		fputs("SaveConfig = true\n", out);
	add_lines(out, "PreUp", &q->pre_up);
	add_lines(out, "PostUp", &q->post_up);
	add_lines(out, "PreDown", &q->pre_down);
	add_lines(out, "PostDown", &q->post_down);
	if (fclose(out) != 0)
		ztnet_out_of_memory();
	return text;
}

char *ztnet_quick_merge(const char *showconf, const char *header)
{
	const char *at = strstr(showconf, "[Interface]\n");
	size_t before = at ? (size_t)(at - showconf) : 0;
	const char *after = at ? at + strlen("[Interface]\n") : showconf;
	size_t rest = strlen(after), len;
	char *out;

	/* $(...) drops the trailing newlines and echo adds one. */
	while (rest && after[rest - 1] == '\n')
		rest--;
	len = before + strlen(header) + rest + 1;
	out = malloc(len + 1);
	if (!out)
		ztnet_out_of_memory();
	memcpy(out, showconf, before);
	memcpy(out + before, header, strlen(header));
	memcpy(out + before + strlen(header), after, rest);
	out[len - 1] = '\n';
	out[len] = '\0';
	return out;
}

/* The servers resolvconf holds for the interface, as wg-quick reads them. */
static void read_dns(const char *ifname, struct ztnet_strings *dns)
{
	struct ztnet_quick_facts facts = { 0 };
	char cmd[256], line[512];
	regmatch_t m[2];
	regex_t re;
	FILE *in;

	ztnet_quick_local_facts(&facts);
	snprintf(cmd, sizeof(cmd),
		 "resolvconf -l '%s%s' 2>/dev/null || cat '/etc/resolvconf/run/interface/%s%s' 2>/dev/null",
		 facts.dns_prefix, ifname, facts.dns_prefix, ifname);
	if (regcomp(&re, "^nameserver ([a-zA-Z0-9_=+:%.-]+)$", REG_EXTENDED) != 0)
		return;
	in = popen(cmd, "re");
	while (in && fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		if (regexec(&re, line, 2, m, 0) != 0)
			continue;
		ztnet_grow((void **)&dns->items, &dns->cap, dns->len,
			   sizeof(*dns->items), false);
		dns->items[dns->len++] = ztnet_strndup(line + m[1].rm_so,
						       (size_t)(m[1].rm_eo - m[1].rm_so));
	}
	if (in)
		pclose(in);
	regfree(&re);
}

static void free_list(struct ztnet_strings *list)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		free(list->items[i]);
	free(list->items);
}

/* What the kernel has of wg-quick's keys: addresses, DNS, MTU. */
static int running_header(const struct ztnet_quick *q, char **header)
{
	struct ztnet_strings addresses = { 0 }, dns = { 0 };
	struct ztnet_rtnl r;
	int ret, ifindex, mtu = 0;

	ret = ztnet_rtnl_open(&r);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ifindex = ztnet_rtnl_ifindex(&r, q->ifname);
	if (ifindex > 0)
		ifindex = ztnet_rtnl_addresses(&r, ifindex, &addresses) < 0 ? -1 : ifindex;
	if (ifindex > 0 && q->mtu)
		mtu = ztnet_rtnl_mtu(&r, ifindex);
	ztnet_rtnl_close(&r);
	if (ifindex <= 0 || mtu < 0) {
		ztnet_err("cannot read the addresses and MTU of %s", q->ifname);
		free_list(&addresses);
		return ZTNET_EXIT_FAILURE;
	}
	read_dns(q->ifname, &dns);
	*header = ztnet_quick_header(q, &addresses, &dns, (unsigned int)mtu);
	free_list(&addresses);
	free_list(&dns);
	return ZTNET_EXIT_OK;
}

/* The device's showconf, as text; wiped by the caller. */
static int showconf_text(const char *ifname, char **text, size_t *len)
{
	struct ztnet_device dev;
	FILE *out;
	int ret;

	ret = ztnet_query_device(ifname, &dev);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	out = open_memstream(text, len);
	if (!out)
		ztnet_out_of_memory();
	ztnet_conf_print(out, &dev);
	ztnet_device_wipe(&dev);
	if (fclose(out) != 0)
		ztnet_out_of_memory();
	return ZTNET_EXIT_OK;
}

/* Written beside it and renamed over it, so no half file is ever seen. */
static int write_config(const char *path, const char *text)
{
	char tmp[sizeof(((struct ztnet_quick *)0)->path) + 8];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	/*
	 * Made afresh, mode 0600 whoever made a file of that name before: it
	 * holds the private key.  Nor is a link there followed.
	 */
	if (unlink(tmp) != 0 && errno != ENOENT)
		goto fail;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (!ztnet_write_all(fd, text, strlen(text)) || fsync(fd) != 0) {
		close(fd);
		goto fail_unlink;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0)
		goto fail_unlink;
	return ZTNET_EXIT_OK;
fail_unlink:
	unlink(tmp);
fail:
	ztnet_err("cannot write '%s': %s", path, strerror(errno));
	return ZTNET_EXIT_FAILURE;
}

int ztnet_quick_save(const struct ztnet_quick *q)
{
	char *header = NULL, *showconf = NULL, *merged;
	size_t len = 0;
	int ret;

	ret = showconf_text(q->ifname, &showconf, &len);
	if (ret == ZTNET_EXIT_OK)
		ret = running_header(q, &header);
	if (ret == ZTNET_EXIT_OK) {
		merged = ztnet_quick_merge(showconf, header);
		ret = write_config(q->path, merged);
		ztnet_wipe(merged, strlen(merged));
		free(merged);
	}
	if (showconf)
		ztnet_wipe(showconf, len);
	free(showconf);
	free(header);
	return ret;
}

static int run_save(int argc, char *argv[])
{
	struct ztnet_quick q;
	int ret;

	if (argc != 2)
		return ztnet_usage_error(&ztnet_cmd_save);
	ret = ztnet_quick_read(argv[1], &q);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = ztnet_quick_save(&q);
	ztnet_quick_free(&q);
	return ret;
}

const struct ztnet_command ztnet_cmd_save = {
	.name = "save",
	.args = "<name | configuration filename>",
	.summary = "write a running device's configuration back to its file",
	.run = run_save,
};
