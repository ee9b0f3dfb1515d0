/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `ztnet metrics`: counters in the Prometheus text format.  Families:
 *
 *   ztnet_device_peers{interface}                          gauge
 *   ztnet_peer_receive_bytes_total{interface,public_key}    counter
 *   ztnet_peer_transmit_bytes_total{interface,public_key}   counter
 *   ztnet_peer_latest_handshake_timestamp_seconds{interface,public_key}  gauge
 *   ztnet_peer_persistent_keepalive_seconds{...}            gauge
 *   ztnet_peer_allowed_ips{interface,public_key}            gauge
 *   ztnet_policy_flows{interface}                           gauge
 *   ztnet_policy_drops_total{interface,reason}              counter
 *   ztnet_policy_would_drops_total{interface,reason}        counter
 *   ztnet_rule_{packets,bytes,flows}_total{interface,rule,name}  counter
 *
 * The names and labels are a stable interface: dashboards use them.
 */
#ifndef ZTNET_METRICS_H
#define ZTNET_METRICS_H

#include <stddef.h>
#include <stdio.h>

#include "device.h"

void ztnet_metrics_print(FILE *out, const struct ztnet_device *devs,
			 size_t len);

#endif /* ZTNET_METRICS_H */
