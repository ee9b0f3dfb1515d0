// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet: zero trust networking.  Module entry and exit.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "firewall.h"
#include "lockdown.h"
#include "netlink.h"
#include "noise.h"
#include "txn.h"
#include "uapi/ztnet.h"
#include "version.h"

static int __init ztnet_init(void)
{
	int err;

	ztnet_noise_init();
	err = ztnet_fw_module_init();
	if (err)
		return err;
	err = ztnet_txn_init();
	if (err)
		goto err_fw;
	/* Before any device: its notifier removes a going device's hooks. */
	err = ztnet_lockdown_init();
	if (err)
		goto err_txn;
	err = ztnet_device_init();
	if (err)
		goto err_lockdown;

	/* Netlink comes last: once it is up, requests can name devices. */
	err = ztnet_genl_init();
	if (err)
		goto err_device;

	pr_info("version " ZTNET_VERSION " loaded\n");
	return 0;

err_device:
	ztnet_device_uninit();
err_lockdown:
	ztnet_lockdown_uninit();
err_txn:
	ztnet_txn_uninit();
err_fw:
	ztnet_fw_module_uninit();
	return err;
}

static void __exit ztnet_exit(void)
{
	/*
	 * Devices go before netlink: their teardown ends their flows, whose
	 * events go out on the family's group, which must still be ours.
	 * Requests meanwhile find no device, and one holding a device
	 * delays its unregistration until it is done.
	 */
	ztnet_device_uninit();
	ztnet_genl_uninit();
	ztnet_lockdown_uninit();
	ztnet_txn_uninit();
	/* Peers and sessions are freed by RCU callbacks, which must not outlive the code. */
	rcu_barrier();
	ztnet_fw_module_uninit();
}

module_init(ztnet_init);
module_exit(ztnet_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ztnet: zero trust network device");
MODULE_AUTHOR("The ztnet developers");
MODULE_VERSION(ZTNET_VERSION);
MODULE_ALIAS_RTNL_LINK(ZTNET_DEVICE_KIND);
MODULE_ALIAS_GENL_FAMILY(ZTNET_GENL_NAME);
