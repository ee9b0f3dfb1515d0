// SPDX-License-Identifier: GPL-2.0
/* The lifetime of a struct ztnet_device and its peers. */
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "key.h"
#include "mem.h"
#include "policy.h"

struct ztnet_peer *ztnet_device_add_peer(struct ztnet_device *dev)
{
	struct ztnet_peer *peer;

	ztnet_grow((void **)&dev->peers, &dev->peers_cap, dev->peers_len,
		   sizeof(*dev->peers), true);
	peer = &dev->peers[dev->peers_len++];
	memset(peer, 0, sizeof(*peer));
	return peer;
}

void ztnet_peer_add_allowedip(struct ztnet_peer *peer,
			      const struct ztnet_allowedip *ip)
{
	ztnet_grow((void **)&peer->allowedips, &peer->allowedips_cap,
		   peer->allowedips_len, sizeof(*peer->allowedips), false);
	peer->allowedips[peer->allowedips_len++] = *ip;
}

static void append_allowedips(struct ztnet_peer *to,
			      const struct ztnet_peer *from)
{
	size_t i;

	for (i = 0; i < from->allowedips_len; i++)
		ztnet_peer_add_allowedip(to, &from->allowedips[i]);
}

void ztnet_device_take_peer(struct ztnet_device *dev, struct ztnet_peer *peer)
{
	struct ztnet_peer *last;

	last = dev->peers_len ? &dev->peers[dev->peers_len - 1] : NULL;
	if (last && ztnet_key_equal(last->public_key, peer->public_key)) {
		append_allowedips(last, peer);
		ztnet_peer_wipe(peer);
		return;
	}
	*ztnet_device_add_peer(dev) = *peer;
	/* The arrays now belong to dev: forget them without freeing. */
	ztnet_wipe(peer, sizeof(*peer));
}

void ztnet_device_absorb(struct ztnet_device *dev, struct ztnet_device *from)
{
	size_t i;

	for (i = 0; i < from->peers_len; i++)
		ztnet_device_take_peer(dev, &from->peers[i]);
	from->peers_len = 0;
	/* Later messages carry only more rules of the policy. */
	if (from->policy && from->policy->rules_len)
		ztnet_policy_take_rules(ztnet_policy_of(dev), from->policy);
	ztnet_device_wipe(from);
}

void ztnet_peer_wipe(struct ztnet_peer *peer)
{
	free(peer->allowedips);
	free(peer->endpoint_text);
	free(peer->groups);
	ztnet_wipe(peer, sizeof(*peer));
}

void ztnet_device_wipe(struct ztnet_device *dev)
{
	size_t i;

	for (i = 0; i < dev->peers_len; i++)
		ztnet_peer_wipe(&dev->peers[i]);
	if (dev->peers)
		ztnet_wipe(dev->peers, dev->peers_cap * sizeof(*dev->peers));
	free(dev->peers);
	ztnet_policy_free(dev->policy);
	ztnet_wipe(dev, sizeof(*dev));
}

bool ztnet_device_same(const struct ztnet_device *a,
		       const struct ztnet_device *b)
{
	return a->ifindex == b->ifindex && strcmp(a->ifname, b->ifname) == 0;
}
