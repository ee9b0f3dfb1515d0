// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "quickstate.h"

#define STATE_DIR "/run/ztnet"

/* The namespace's cookie, never reused while the system runs, or 0. */
static unsigned long long netns_cookie(void)
{
	unsigned long long cookie = 0;
	socklen_t len = sizeof(cookie);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) != 0)
		cookie = 0;
	close(fd);
	return cookie;
}

/*
 * A device's name is only unique within its network namespace, and so is
 * the sysctl: outside the first namespace (PID 1's), each namespace has a
 * directory of its own, named by its cookie.  Not by its inode: a new
 * namespace may get the inode of one deleted without a down, and would
 * then take over its steps.  ZTNET_RUN_DIR is taken as it is.
 */
static const char *state_dir(void)
{
	const char *dir = ztnet_getenv("RUN_DIR");
	static char own[4096];
	struct stat self, init;

	if (dir && *dir)
		return dir;
	if (stat("/proc/self/ns/net", &self) != 0 ||
	    stat("/proc/1/ns/net", &init) != 0 || self.st_ino == init.st_ino)
		return STATE_DIR;
	snprintf(own, sizeof(own), STATE_DIR "/netns-%llu", netns_cookie());
	return own;
}

void ztnet_state_path(char *path, size_t size, const char *ifname)
{
	snprintf(path, size, "%s/%s.state", state_dir(), ifname);
}

static FILE *open_for_writing(const char *path)
{
	const char *dir = state_dir();
	FILE *file;
	int fd;

	/* Only root reads what the system was like before. */
	if (strncmp(dir, STATE_DIR "/", strlen(STATE_DIR "/")) == 0 &&
	    mkdir(STATE_DIR, 0700) != 0 && errno != EEXIST)
		return NULL;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return NULL;
	/*
	 * Made here or not at all: of two ups of one name, the second fails
	 * here and leaves the first's file alone; nor is a link followed.
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	file = fdopen(fd, "w");
	if (!file)
		close(fd);
	return file;
}

int ztnet_state_create(struct ztnet_state *state, const char *ifname)
{
	ztnet_state_path(state->path, sizeof(state->path), ifname);
	state->file = open_for_writing(state->path);
	if (!state->file) {
		int err = errno;

		if (err == EEXIST)
			ztnet_err("'%s' is left from an earlier up: run ztnet down %s first",
				  state->path, ifname);
		else
			ztnet_err("cannot write '%s': %s", state->path, strerror(err));
		return err == EACCES || err == EPERM ? ZTNET_EXIT_NOT_PERMITTED
						     : ZTNET_EXIT_FAILURE;
	}
	fprintf(state->file, "# ztnet up %s: the steps ztnet down undoes, last first\n",
		ifname);
	if (fflush(state->file) != 0) {
		ztnet_err("cannot write '%s': %s", state->path, strerror(errno));
		ztnet_state_close(state);
		unlink(state->path);
		return ZTNET_EXIT_FAILURE;
	}
	return ZTNET_EXIT_OK;
}

bool ztnet_state_record(struct ztnet_state *state, const struct ztnet_step *step)
{
	if (!ztnet_step_undoable(step))
		return true;
	ztnet_step_print(state->file, step);
	fputc('\n', state->file);
	return fflush(state->file) == 0 && !ferror(state->file);
}

void ztnet_state_close(struct ztnet_state *state)
{
	if (state->file)
		fclose(state->file);
	state->file = NULL;
}

static int read_lines(FILE *f, const char *path, struct ztnet_plan *steps)
{
	struct ztnet_step step;
	unsigned int lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	ssize_t n;

	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (!ztnet_step_parse(line, &step)) {
			ztnet_err("'%s' line %u: not a step: '%s'", path, lineno, line);
			free(line);
			ztnet_plan_free(steps);
			return ZTNET_EXIT_FAILURE;
		}
		ztnet_plan_push(steps, &step);
		ztnet_step_free(&step);
	}
	free(line);
	return ZTNET_EXIT_OK;
}

int ztnet_state_read(const char *ifname, struct ztnet_plan *steps)
{
	char path[4096];
	FILE *f;
	int ret;

	memset(steps, 0, sizeof(*steps));
	ztnet_state_path(path, sizeof(path), ifname);
	f = fopen(path, "re");
	if (!f && errno == ENOENT)
		return ZTNET_EXIT_NO_DEVICE;
	if (!f) {
		ztnet_err("cannot read '%s': %s", path, strerror(errno));
		return ZTNET_EXIT_FAILURE;
	}
	ret = read_lines(f, path, steps);
	fclose(f);
	return ret;
}

bool ztnet_state_rewrite(const char *ifname, const struct ztnet_plan *steps)
{
	struct ztnet_state state;
	size_t i;
	bool ok = true;

	char path[sizeof(state.path)];

	ztnet_state_path(path, sizeof(path), ifname);
	if (!steps->len)
		return unlink(path) == 0 || errno == ENOENT;
	/*
	 * Written aside and renamed over the file, which exists: a crash
	 * leaves the old state whole.  The directory is root's alone, so an
	 * old temporary file can only be a crash's.
	 */
	if (snprintf(state.path, sizeof(state.path), "%s.tmp", path) >=
	    (int)sizeof(state.path))
		return false;
	unlink(state.path);
	state.file = open_for_writing(state.path);
	if (!state.file)
		return false;
	fprintf(state.file, "# ztnet %s: what is left to undo, last first\n", ifname);
	for (i = 0; ok && i < steps->len; i++)
		ok = ztnet_state_record(&state, &steps->steps[i]);
	ok = fclose(state.file) == 0 && ok;
	if (ok && rename(state.path, path) == 0)
		return true;
	unlink(state.path);
	return false;
}

/* Whether the state of name routes all IPv4 through its tunnel. */
static bool full_tunnel4(const char *name)
{
	struct ztnet_plan steps;
	bool found = false;
	size_t i;

	if (ztnet_state_read(name, &steps) != ZTNET_EXIT_OK)
		return false;
	for (i = 0; i < steps.len; i++)
		if (steps.steps[i].kind == ZTNET_STEP_RULE_NOT_FWMARK &&
		    steps.steps[i].prefix.family == AF_INET)
			found = true;
	ztnet_plan_free(&steps);
	return found;
}

static bool append_step(const char *name, const struct ztnet_step *step)
{
	struct ztnet_state state;
	bool ok;

	ztnet_state_path(state.path, sizeof(state.path), name);
	state.file = fopen(state.path, "ae");
	if (!state.file)
		return false;
	ok = ztnet_state_record(&state, step);
	return fclose(state.file) == 0 && ok;
}

bool ztnet_state_hand_over(const char *ifname, const struct ztnet_step *step)
{
	char name[IFNAMSIZ];
	struct dirent *entry;
	bool done = false;
	size_t len;
	DIR *dir;

	dir = opendir(state_dir());
	if (!dir)
		return false;
	while (!done && (entry = readdir(dir))) {
		len = strlen(entry->d_name);
		if (len <= 6 || len - 6 >= sizeof(name) ||
		    strcmp(entry->d_name + len - 6, ".state") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 6), entry->d_name);
		if (strcmp(name, ifname) != 0 && full_tunnel4(name))
			done = append_step(name, step);
	}
	closedir(dir);
	return done;
}
