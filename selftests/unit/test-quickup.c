// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet up and down without the module: the name and path of a
 * configuration, the plan up works out for it (what --dry-run prints),
 * the state file's round trip, and what save writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "harness.h"
#include "quick.h"
#include "quickplan.h"
#include "quicksave.h"
#include "quickstate.h"

#define DIR "/tmp/ztnet-unit-up"
#define PUB "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw="

static const char *write_file(const char *name, const char *text)
{
	return test_write_file(DIR, name, text);
}

static const struct ztnet_quick_facts facts = {
	.free_table = 51821, .path_mtu = 1400, .src_valid_mark = 0,
	.dns_prefix = "tun.",
};

/* The plan for text, as --dry-run prints it, into out; the exit status. */
static int plan_text(const char *text, const struct ztnet_quick_facts *f,
		     char *out, size_t size)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	struct ztnet_plan plan;
	struct ztnet_quick q;
	FILE *mem;
	int ret;
	size_t i;

	ret = ztnet_quick_read(write_file("zu0.conf", text), &q);
	if (ret)
		return ret;
	if (!ztnet_conf_parse(q.config, q.config_len, false, &dev, &err)) {
		err.line = ztnet_quick_file_line(&q, err.line);
		ztnet_parse_error_print(&err);
		ztnet_quick_free(&q);
		return err.status;
	}
	ret = ztnet_quick_plan(&q, &dev, f, &plan);
	mem = fmemopen(out, size, "w");
	for (i = 0; !ret && i < plan.len; i++) {
		ztnet_step_print(mem, &plan.steps[i]);
		fputc('\n', mem);
	}
	fclose(mem);
	if (!ret)
		ztnet_plan_free(&plan);
	ztnet_device_wipe(&dev);
	ztnet_quick_free(&q);
	return ret;
}

static bool plans_a_full_tunnel(void)
{
	char out[2048];

	CHECK(plan_text("[Interface]\nAddress = 10.0.0.2/24, fd00::2/64\n"
			"DNS = 10.0.0.53, example.com\nPreUp = echo %i %i\n"
			"PostUp = logger up %i\n\n[Peer]\nPublicKey = " PUB "\n"
			"AllowedIPs = 0.0.0.0/0, ::/0, 10.0.0.0/24, 10.1.0.0/16, 10.0.0.128/25\n",
			&facts, out, sizeof(out)) == 0);
	CHECK(strcmp(out,
		     "link zu0\n"
		     "hook PreUp echo zu0 zu0\n"
		     "addconf\n"
		     "address 10.0.0.2/24\n"
		     "address fd00::2/64\n"
		     "mtu 1320\n"
		     "up\n"
		     "dns tun.zu0 nameserver 10.0.0.53; search example.com\n"
		     "route 10.0.0.128/25 table main covered\n"
		     "route 10.0.0.0/24 table main covered\n"
		     "route 10.1.0.0/16 table main\n"
		     "fwmark 51821\n"
		     "rule inet6 not-fwmark 51821 table 51821\n"
		     "rule inet6 suppress-prefixlength 0 table main\n"
		     "route ::/0 table 51821\n"
		     "rule inet not-fwmark 51821 table 51821\n"
		     "rule inet suppress-prefixlength 0 table main\n"
		     "route 0.0.0.0/0 table 51821\n"
		     "sysctl net.ipv4.conf.all.src_valid_mark 1 was 0\n"
		     "hook PostUp logger up zu0\n") == 0);
	return true;
}

static bool plans_tables_and_marks(void)
{
	struct ztnet_quick_facts set = facts;
	char out[1024];

	/* A mark of the file's own is the table; the sysctl already set. */
	set.src_valid_mark = 1;
	CHECK(plan_text("[Interface]\nFwMark = 0x10\nMTU = 1280\n[Peer]\nPublicKey = " PUB
			"\nAllowedIPs = 0.0.0.0/0\n", &set, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "link zu0\naddconf\nmtu 1280\nup\n"
		     "rule inet not-fwmark 16 table 16\n"
		     "rule inet suppress-prefixlength 0 table main\n"
		     "route 0.0.0.0/0 table 16\n") == 0);
	/* A numbered table takes every route, /0 too, and no rule. */
	CHECK(plan_text("[Interface]\nTable = 1234\n[Peer]\nPublicKey = " PUB
			"\nAllowedIPs = ::/0, 10.2.0.0/16\n", &facts, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "link zu0\naddconf\nmtu 1320\nup\n"
		     "route 10.2.0.0/16 table 1234\nroute ::/0 table 1234\n") == 0);
	CHECK(plan_text("[Interface]\nTable = off\n[Peer]\nPublicKey = " PUB
			"\nAllowedIPs = 0.0.0.0/0\n", &facts, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "link zu0\naddconf\nmtu 1320\nup\n") == 0);
	return true;
}

static bool plans_routes_as_wg_quick(void)
{
	struct ztnet_quick_facts none = facts;
	char out[1024];

	/* Unknown path MTU: 1420; host bits go; a /32 address covers nothing. */
	none.path_mtu = 0;
	CHECK(plan_text("[Interface]\nAddress = 10.3.0.1/32, fd03::1/128\n[Peer]\nPublicKey = "
			PUB "\nAllowedIPs = 10.3.0.1/32, 10.3.0.9/16, fd03::1/128, 10.4.0.0/16\n",
			&none, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "link zu0\naddconf\naddress 10.3.0.1/32\naddress fd03::1/128\n"
		     "mtu 1420\nup\n"
		     "route fd03::1/128 table main covered\n"
		     "route 10.3.0.1/32 table main\n"
		     "route 10.4.0.0/16 table main\n"
		     "route 10.3.0.0/16 table main\n") == 0);
	return true;
}

/*
 * wg-quick routes what the device holds once the file is applied, which
 * '-' takes from: not a prefix it removed, nor a full tunnel for a /0 it
 * removed, but one it would remove from another peer than the holder.
 */
static bool routes_what_is_left_of_signs(void)
{
	char out[1024];

	CHECK(plan_text("[Peer]\nPublicKey = " PUB "\n"
			"AllowedIPs = 10.5.0.0/16, 0.0.0.0/0, 10.6.0.0/16\n"
			"AllowedIPs = -0.0.0.0/0, -10.6.0.0/16, -10.7.0.0/16, +10.8.0.0/16\n"
			"[Peer]\nPublicKey = Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg=\n"
			"AllowedIPs = -10.5.0.0/16, ::/0, -::/0\n",
			&facts, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "link zu0\naddconf\nmtu 1320\nup\n"
		     "route 10.8.0.0/16 table main\n"
		     "route 10.5.0.0/16 table main\n") == 0);
	CHECK(plan_text("[Peer]\nPublicKey = " PUB "\n"
			"AllowedIPs = 0.0.0.0/0, -0.0.0.0/0\n",
			&facts, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "link zu0\naddconf\nmtu 1320\nup\n") == 0);
	return true;
}

static int plan_quiet(void *text)
{
	char out[1024];

	return plan_text(text, &facts, out, sizeof(out));
}

/* Each refused with one line that names the value, before anything is done. */
static bool refuses_bad_values(void)
{
	static const char *const cases[][2] = {
		{ "[Interface]\nMTU = big\n", "ztnet: invalid MTU: 'big' (1 to 65535)\n" },
		{ "[Interface]\nMTU = 0\n", "ztnet: invalid MTU: '0' (1 to 65535)\n" },
		{ "[Interface]\nTable = nope\n",
		  "ztnet: invalid Table: 'nope' (off, auto, a number or a name of rt_tables)\n" },
		{ "[Interface]\nAddress = 10.0.0.300/24\n",
		  "ztnet: invalid Address: '10.0.0.300/24' (IP/CIDR)\n" },
		{ "[Interface]\nAddress = 10.0.0.1/33\n",
		  "ztnet: invalid Address: '10.0.0.1/33' (IP/CIDR)\n" },
		{ "[Interface]\nSaveConfig = yes\n",
		  "ztnet: invalid SaveConfig: 'yes' (true or false)\n" },
		/* What is left for setconf is checked as setconf checks it. */
		/* ... and said with the file's line number. */
		{ "[Interface]\nAddress = 10.0.0.1/24\nListenPort = x\n",
		  "ztnet: line 3: invalid port: 'x' (0 to 65535)\n" },
	};
	char err[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK(capture_stderr(plan_quiet, (void *)cases[i][0], err, sizeof(err)) == 2);
		if (cases[i][1] && strcmp(err, cases[i][1]) != 0) {
			printf("# case %zu said: %s", i, err);
			return false;
		}
		if (strchr(err, '\n') != err + strlen(err) - 1) {
			printf("# case %zu said more than one line: %s", i, err);
			return false;
		}
	}
	return true;
}

static bool reads_table_values(void)
{
	enum ztnet_table_mode mode;
	uint32_t t;

	CHECK(ztnet_quick_table(NULL, &mode, &t) && mode == ZTNET_TABLE_AUTO);
	CHECK(ztnet_quick_table("auto", &mode, &t) && mode == ZTNET_TABLE_AUTO);
	CHECK(ztnet_quick_table("off", &mode, &t) && mode == ZTNET_TABLE_OFF);
	CHECK(ztnet_quick_table("main", &mode, &t) && mode == ZTNET_TABLE_FIXED && t == 254);
	CHECK(ztnet_quick_table("4294967295", &mode, &t) && t == 4294967295u);
	CHECK(!ztnet_quick_table("0", &mode, &t));
	CHECK(!ztnet_quick_table("-1", &mode, &t));
	CHECK(!ztnet_quick_table("4294967296", &mode, &t));
	CHECK(ztnet_quick_auto_mtu(0) == 1420 && ztnet_quick_auto_mtu(9000) == 8920);
	return true;
}

/* Names as ip(8) reads them: rt_tables, then rt_tables.d's *.conf files. */
static bool reads_table_names(void)
{
	enum ztnet_table_mode mode;
	uint32_t t;

	test_write_file(DIR "/rt", "rt_tables", "# comment\n0\tunspec\n100\tvpn # ours\n");
	test_write_file(DIR "/rt/rt_tables.d", "b.conf", "0x65 other\n");
	test_write_file(DIR "/rt/rt_tables.d", "a.txt", "102 ignored\n");
	test_write_file(DIR "/usr", "rt_tables", "103 late\n");
	setenv("ZTNET_RT_TABLES_DIRS", DIR "/rt:" DIR "/usr", 1);
	CHECK(ztnet_quick_table("vpn", &mode, &t) && mode == ZTNET_TABLE_FIXED && t == 100);
	CHECK(ztnet_quick_table("other", &mode, &t) && t == 101);
	CHECK(ztnet_quick_table("late", &mode, &t) && t == 103);
	CHECK(!ztnet_quick_table("ignored", &mode, &t));
	CHECK(!ztnet_quick_table("unspec", &mode, &t));
	CHECK(!ztnet_quick_table("nosuch", &mode, &t));
	CHECK(!ztnet_quick_table("vp", &mode, &t));
	unsetenv("ZTNET_RT_TABLES_DIRS");
	return true;
}

static int read_quiet(void *arg)
{
	struct ztnet_quick q;
	int ret = ztnet_quick_read(arg, &q);

	if (!ret)
		ztnet_quick_free(&q);
	return ret;
}

static bool resolves_names_and_paths(void)
{
	struct ztnet_quick q;
	char err[512], cwd[4096];

	CHECK(getcwd(cwd, sizeof(cwd)));
	write_file("office.conf", "[Interface]\n");
	setenv("ZTNET_CONFIG_DIR", DIR, 1);
	CHECK(ztnet_quick_read("office", &q) == 0);
	CHECK(strcmp(q.path, DIR "/office.conf") == 0 && strcmp(q.ifname, "office") == 0);
	ztnet_quick_free(&q);
	unsetenv("ZTNET_CONFIG_DIR");
	/* Without it, /etc/ztnet; a name that is not there says where it looked. */
	CHECK(capture_stderr(read_quiet, "zu-absent", err, sizeof(err)) == 1);
	CHECK(strcmp(err, "ztnet: cannot read '/etc/ztnet/zu-absent.conf': "
		     "No such file or directory\n") == 0);
	/* A name ending in .conf is a file here, not <dir>/<name>.conf.conf. */
	CHECK(chdir(DIR) == 0);
	CHECK(ztnet_quick_read("office.conf", &q) == 0 && strcmp(q.ifname, "office") == 0);
	ztnet_quick_free(&q);
	CHECK(capture_stderr(read_quiet, "a-name-too-long-for-a-device", err,
			     sizeof(err)) == 2);
	CHECK(strstr(err, "valid interface name, followed by .conf") != NULL);
	CHECK(capture_stderr(read_quiet, DIR "/sixteen-chars-xx.conf", err, sizeof(err)) == 2);
	CHECK(capture_stderr(read_quiet, "./x y.conf", err, sizeof(err)) == 2);
	CHECK(chdir(cwd) == 0);
	return true;
}

static bool state_round_trips(void)
{
	static const char *const lines[] = {
		"link zu0", "address 10.0.0.2/24", "address fd00::2/64",
		"dns tun.zu0 nameserver 10.0.0.53; nameserver 10.0.0.54; nameserver 10.0.0.55; "
		"nameserver 10.0.0.56; search a.example b.example c.example",
		"route 10.1.0.0/16 table main", "rule inet6 not-fwmark 51820 table 51820",
		"rule inet suppress-prefixlength 0 table main", "route ::/0 table 51820",
		"route 10.9.0.0/16 table 4294967295",
		"sysctl net.ipv4.conf.all.src_valid_mark 1 was 0",
	};
	struct ztnet_state state;
	struct ztnet_plan steps, again;
	struct ztnet_step step;
	char buf[128];
	size_t i;
	FILE *mem;

	setenv("ZTNET_RUN_DIR", DIR "/run", 1);
	/* What a run that failed half way left. */
	remove(DIR "/run/zu0.state");
	CHECK(ztnet_state_create(&state, "zu0") == 0);
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		CHECK(ztnet_step_parse(lines[i], &step));
		CHECK(ztnet_state_record(&state, &step));
		ztnet_step_free(&step);
	}
	ztnet_state_close(&state);
	CHECK(ztnet_state_read("zu0", &steps) == 0 && steps.len == ARRAY_SIZE(lines));
	for (i = 0; i < steps.len; i++) {
		mem = fmemopen(buf, sizeof(buf), "w");
		ztnet_step_print(mem, &steps.steps[i]);
		fclose(mem);
		/* DNS's servers are for the reader only: down needs the name. */
		CHECK(strncmp(buf, lines[i], strlen(buf)) == 0);
	}
	/* Over the file, which exists, as down and a failed up find it. */
	CHECK(ztnet_state_rewrite("zu0", &steps));
	CHECK(ztnet_state_read("zu0", &again) == 0 && again.len == steps.len);
	CHECK(again.steps[0].kind == ZTNET_STEP_LINK &&
	      again.steps[again.len - 1].kind == ZTNET_STEP_SYSCTL);
	ztnet_plan_free(&again);
	steps.len = 0;
	CHECK(ztnet_state_rewrite("zu0", &steps));
	steps.len = ARRAY_SIZE(lines);
	ztnet_plan_free(&steps);
	CHECK(ztnet_state_read("zu0", &steps) == 5);
	unsetenv("ZTNET_RUN_DIR");
	return true;
}

static int read_state(void *name)
{
	struct ztnet_plan steps;
	int ret = ztnet_state_read(name, &steps);

	if (!ret)
		ztnet_plan_free(&steps);
	return ret;
}

static bool state_refuses_garbage(void)
{
	char err[256];
	static const char *const bad[] = {
		"", "link", "link a/b/c/d/e/f/g/h/i", "address 10.0.0.1/40",
		"route 10.0.0.0/8", "route 10.0.0.0/8 table 0", "route 10.0.0.0/8 table main x",
		"rule inet not-fwmark 5 table 6", "rule ipx suppress-prefixlength 0 table main",
		"sysctl kernel.panic 1 was 0", "mtu 1420", "hook PostUp rm -rf /",
		"dns x';reboot;' nameserver 1.1.1.1", "link zt0 and more words than a step has",
	};
	struct ztnet_step step;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (ztnet_step_parse(bad[i], &step)) {
			printf("# took '%s'\n", bad[i]);
			ztnet_step_free(&step);
			return false;
		}
	}
	write_file("run/zu1.state", "# comment\nlink zu1\nnot a step\n");
	setenv("ZTNET_RUN_DIR", DIR "/run", 1);
	CHECK(capture_stderr(read_state, "zu1", err, sizeof(err)) == 1);
	CHECK(strcmp(err, "ztnet: '" DIR "/run/zu1.state' line 3: not a step: 'not a step'\n") == 0);
	unsetenv("ZTNET_RUN_DIR");
	return true;
}

static bool sysctl_goes_to_a_tunnel_still_up(void)
{
	struct ztnet_step sysctl;
	struct ztnet_plan steps;

	setenv("ZTNET_RUN_DIR", DIR "/run", 1);
	unlink(DIR "/run/zu1.state");
	write_file("run/zu2.state", "link zu2\nrule inet6 not-fwmark 7 table 7\n");
	CHECK(ztnet_step_parse("sysctl net.ipv4.conf.all.src_valid_mark 1 was 0", &sysctl));
	/* An IPv6 full tunnel does not need it. */
	CHECK(!ztnet_state_hand_over("zu0", &sysctl));
	write_file("run/zu3.state", "link zu3\nrule inet not-fwmark 8 table 8\n");
	CHECK(ztnet_state_hand_over("zu0", &sysctl));
	CHECK(ztnet_state_read("zu3", &steps) == 0 && steps.len == 3);
	CHECK(steps.steps[2].kind == ZTNET_STEP_SYSCTL && steps.steps[2].value == 0);
	ztnet_plan_free(&steps);
	/* Not to itself. */
	CHECK(!ztnet_state_hand_over("zu3", &sysctl));
	unlink(DIR "/run/zu2.state");
	unlink(DIR "/run/zu3.state");
	unsetenv("ZTNET_RUN_DIR");
	return true;
}

static bool saves_as_wg_quick(void)
{
	struct ztnet_strings addrs = { 0 }, dns = { 0 };
	char *a[] = { "10.0.0.2/24", "fd00::2/64" }, *d[] = { "10.0.0.53" };
	char *header, *merged;
	struct ztnet_quick q;

	CHECK(ztnet_quick_read(write_file("zu4.conf",
					  "[Interface]\nMTU = 1400\nTable = off\nSaveConfig = true\n"
					  "PostDown = echo b\nPreUp = echo a\n"), &q) == 0);
	addrs.items = a;
	addrs.len = 2;
	dns.items = d;
	dns.len = 1;
	header = ztnet_quick_header(&q, &addrs, &dns, 1380);
	CHECK(strcmp(header, "[Interface]\nAddress = 10.0.0.2/24\nAddress = fd00::2/64\n"
		     "DNS = 10.0.0.53\nMTU = 1380\nTable = off\nSaveConfig = true\n"
		     "PreUp = echo a\nPostDown = echo b\n") == 0);
	merged = ztnet_quick_merge("[Interface]\nListenPort = 1\n\n[Peer]\nPublicKey = k\n\n",
				   header);
	CHECK(strcmp(merged, "[Interface]\nAddress = 10.0.0.2/24\nAddress = fd00::2/64\n"
		     "DNS = 10.0.0.53\nMTU = 1380\nTable = off\nSaveConfig = true\n"
		     "PreUp = echo a\nPostDown = echo b\nListenPort = 1\n\n[Peer]\n"
		     "PublicKey = k\n") == 0);
	free(merged);
	free(header);
	ztnet_quick_free(&q);
	return true;
}

/* sh -c cmd's exit status, its output (stdout and stderr) into out. */
static int run_tool(const char *cmd, char *out, size_t size)
{
	size_t len = 0;
	FILE *p = popen(cmd, "r");
	int status;

	if (!p)
		return -1;
	len = fread(out, 1, size - 1, p);
	out[len] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define TOOL ZTNET_REPO_ROOT "/tools/ztnet"

/* The command itself, where it is built: what needs no privilege. */
static bool dry_run_and_down_need_no_module(void)
{
	char out[1024];

	if (access(TOOL, X_OK) != 0)
		return test_skip("tools/ztnet is not built");
	write_file("zu5.conf", "[Interface]\nMTU = 1300\nAddress = 10.5.0.1/24\n"
		   "FwMark = 7\n[Peer]\nPublicKey = " PUB "\nAllowedIPs = 0.0.0.0/0\n");
	CHECK(run_tool("ZTNET_RUN_DIR=" DIR "/run " TOOL " up --dry-run " DIR "/zu5.conf 2>&1",
		       out, sizeof(out)) == 0);
	CHECK(strncmp(out, "link zu5\naddconf\naddress 10.5.0.1/24\nmtu 1300\nup\n"
		      "rule inet not-fwmark 7 table 7\n", strlen("link zu5\naddconf\n"
		      "address 10.5.0.1/24\nmtu 1300\nup\nrule inet not-fwmark 7 table 7\n")) == 0);
	CHECK(access(DIR "/run/zu5.state", F_OK) != 0);
	/* Every namespace has a loopback called lo. */
	write_file("lo.conf", "[Interface]\n");
	CHECK(run_tool(TOOL " up --dry-run " DIR "/lo.conf 2>&1", out, sizeof(out)) == 1);
	CHECK(strcmp(out, "ztnet: 'lo' already exists\n") == 0);
	CHECK(run_tool("ZTNET_RUN_DIR=" DIR "/run " TOOL " down " DIR "/zu5.conf 2>&1",
		       out, sizeof(out)) == 5);
	CHECK(strcmp(out, "ztnet: 'zu5' was not brought up by ztnet up (no state file)\n") == 0);
	CHECK(run_tool(TOOL " up --dry-run 2>&1", out, sizeof(out)) == 2);
	return true;
}

/* A state file that names another link has down undo nothing of it. */
static bool down_keeps_to_its_own_link(void)
{
	static const char want[] =
		"ztnet: invalid link in the state of zu6: 'zu7' (zu6; nothing is undone)\n";
	char out[256];

	if (access(TOOL, X_OK) != 0)
		return test_skip("tools/ztnet is not built");
	write_file("zu6.conf", "[Interface]\n");
	write_file("run/zu6.state", "link zu7\n");
	CHECK(run_tool("ZTNET_RUN_DIR=" DIR "/run " TOOL " down " DIR "/zu6.conf 2>&1",
		       out, sizeof(out)) == 1);
	CHECK(strcmp(out, want) == 0);
	CHECK(access(DIR "/run/zu6.state", F_OK) == 0);
	unlink(DIR "/run/zu6.state");
	return true;
}

static const struct test_case cases[] = {
	{ "plans a full tunnel as wg-quick does", plans_a_full_tunnel },
	{ "routes what + and - leave", routes_what_is_left_of_signs },
	{ "plans Table, FwMark, MTU and the sysctl", plans_tables_and_marks },
	{ "routes longest first, covered ones skipped", plans_routes_as_wg_quick },
	{ "refuses a bad MTU, Table or Address", refuses_bad_values },
	{ "reads Table and the automatic MTU", reads_table_values },
	{ "Table takes the names of rt_tables", reads_table_names },
	{ "resolves names, paths and their errors", resolves_names_and_paths },
	{ "the state file round trip", state_round_trips },
	{ "the state file refuses what is not a step", state_refuses_garbage },
	{ "the sysctl stays for a tunnel still up", sysctl_goes_to_a_tunnel_still_up },
	{ "save writes wg-quick's keys over showconf", saves_as_wg_quick },
	{ "up --dry-run and down, run as commands", dry_run_and_down_need_no_module },
	{ "down undoes no other link than its own", down_keeps_to_its_own_link },
};

TEST_SUITE(up_suite, "up", cases);
