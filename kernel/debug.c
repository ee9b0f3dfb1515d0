// SPDX-License-Identifier: GPL-2.0
/*
 * The debug build's knobs (see debug.h).  Kbuild compiles this file only
 * with ZTNET_DEBUG=1, so a release module has none of these parameters.
 */

#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "debug.h"
#include "messages.h"

unsigned int ztnet_time_divisor = 1;
module_param_named(time_divisor, ztnet_time_divisor, uint, 0444);
MODULE_PARM_DESC(time_divisor, "debug builds only: run protocol timers this many times faster");

static unsigned int ztnet_delays_ms[ZTNET_DELAY_COUNT];
module_param_named(delay_handshake_send_ms,
		   ztnet_delays_ms[ZTNET_DELAY_HANDSHAKE_SEND], uint, 0644);
MODULE_PARM_DESC(delay_handshake_send_ms, "debug builds only: sleep before each initiation is made");
module_param_named(delay_handshake_receive_ms,
		   ztnet_delays_ms[ZTNET_DELAY_HANDSHAKE_RECEIVE], uint, 0644);
MODULE_PARM_DESC(delay_handshake_receive_ms, "debug builds only: sleep before each handshake message is taken");
module_param_named(delay_set_device_ms,
		   ztnet_delays_ms[ZTNET_DELAY_SET_DEVICE], uint, 0644);
MODULE_PARM_DESC(delay_set_device_ms, "debug builds only: sleep in SET_DEVICE before RTNL");
module_param_named(delay_policy_build_ms,
		   ztnet_delays_ms[ZTNET_DELAY_POLICY_BUILD], uint, 0644);
MODULE_PARM_DESC(delay_policy_build_ms, "debug builds only: sleep as a commit builds its policy");

static bool ztnet_flow_expiry_held;
module_param_named(hold_flow_expiry, ztnet_flow_expiry_held, bool, 0644);
MODULE_PARM_DESC(hold_flow_expiry, "debug builds only: the flow tables' expiry work takes nothing out while set");

/* So that a test sees what only the expiry work would have taken out. */
bool ztnet_debug_flow_expiry_held(void)
{
	return READ_ONCE(ztnet_flow_expiry_held);
}

/*
 * The lockdown's hooks fail only for want of memory, which a namespace
 * move cannot be made to run out of on cue: while this is set, every
 * registration fails as if it had.
 */
static bool ztnet_fail_lockdown;
module_param_named(fail_lockdown, ztnet_fail_lockdown, bool, 0644);
MODULE_PARM_DESC(fail_lockdown, "debug builds only: registering the plaintext lockdown's hooks fails with -ENOMEM");

bool ztnet_debug_fail_lockdown(void)
{
	return READ_ONCE(ztnet_fail_lockdown);
}

static atomic_t ztnet_delays_waiting = ATOMIC_INIT(0);
static atomic_t ztnet_bad_padding = ATOMIC_INIT(0);

/*
 * Every delay point is in process context, where sleeping is allowed.  The
 * count of sleepers lets a test act once the window is open, rather than
 * guess how long the work takes to get there on a loaded machine.
 */
void ztnet_debug_delay(enum ztnet_delay_point point)
{
	unsigned int ms = READ_ONCE(ztnet_delays_ms[point]);

	might_sleep();
	if (!ms)
		return;
	atomic_inc(&ztnet_delays_waiting);
	msleep(ms);
	atomic_dec(&ztnet_delays_waiting);
}

static int ztnet_param_get_atomic(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%d\n", atomic_read(kp->arg));
}

static const struct kernel_param_ops ztnet_param_ops_counter = {
	.get = ztnet_param_get_atomic,
};

module_param_cb(delays_waiting, &ztnet_param_ops_counter,
		&ztnet_delays_waiting, 0444);
MODULE_PARM_DESC(delays_waiting, "debug builds only: how many are sleeping at a delay point now");
module_param_cb(bad_padding, &ztnet_param_ops_counter, &ztnet_bad_padding, 0444);
MODULE_PARM_DESC(bad_padding, "debug builds only: data messages received whose padding was not zero");

/*
 * A sender must pad with zeros: anything else is memory it should not have
 * sent.  @len is the inner packet's own length; the rest is padding.
 */
void ztnet_debug_check_padding(const struct sk_buff *skb, unsigned int len)
{
	u8 padding[ZTNET_PADDING_MULTIPLE];
	unsigned int n;

	if (len >= skb->len)
		return;
	n = min_t(unsigned int, skb->len - len, sizeof(padding));
	if (skb_copy_bits(skb, len, padding, n) ||
	    memchr_inv(padding, 0, n))
		atomic_inc(&ztnet_bad_padding);
}
