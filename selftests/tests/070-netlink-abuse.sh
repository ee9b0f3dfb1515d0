#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed netlink requests: missing, oversized, wrongly typed and unknown
# attributes each get an error with an extended ACK message, and change
# nothing (a dump before and after must be identical).
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release

nlsend=$ZTNET_REPO/selftests/tools/nlsend
[[ -x $nlsend ]] || fail "selftests/tools/nlsend was not built"

load_ztnet
ns_add nl-a
ip -n nl-a link add zt0 type ztnet
ip -n nl-a link add zt1 type ztnet
ip -n nl-a link add dummy0 type dummy
ifindex=$(in_ns nl-a cat /sys/class/net/zt0/ifindex)

snapshot() {
	in_ns nl-a ztnet show all
	ip -n nl-a -d link show | grep -v 'link/'
}

# expect_reply PATTERN ARGS...: nlsend's answer must match PATTERN.
expect_reply() {
	local pattern=$1 reply

	shift
	reply=$(in_ns nl-a "$nlsend" "$@")
	[[ $reply =~ $pattern ]] || fail "nlsend $*: got '$reply', expected /$pattern/"
	echo "nlsend $* -> $reply"
}

before=$(snapshot)
key32=$(printf '%064d' 0)
long_name=$(printf 'x%.0s' $(seq 1 40))

# Which device?
expect_reply "^error EINVAL: .*name the device" set
expect_reply "^error ENODEV: " set 2=str:nosuch
expect_reply "^error ENODEV: " set 1=u32:999999
expect_reply "^error EOPNOTSUPP: .*not a ztnet device" set 2=str:dummy0
expect_reply "^error EINVAL: .*different devices" set 1=u32:"$ifindex" 2=str:zt1
expect_reply "^error ENODEV" --dump get 2=str:nosuch

# Attributes the policy refuses.
expect_reply "^error EINVAL: .+" set 2=str:zt0 99=u32:1
expect_reply "^error EINVAL: .+" set 2=str:"$long_name"
expect_reply "^error EINVAL: .+" set 2=raw:zt0
expect_reply "^error EINVAL: .+" set 1=u16:1
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 3=zero:31
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 3=zero:33
expect_reply "^error EINVAL: .+" set 2=str:zt0 5=u32:8
expect_reply "^error EINVAL: .+" set 2=str:zt0 6=u32:51820
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 8={ 1={ 1=zero:31 } }
expect_reply "^error EINVAL: .+" set 2=str:zt0 8={ 1={ 3=u32:8 } }
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 8={ 1={ 10=u32:2 } }
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 8={ 1={ 9={ 1={ 3=u8:129 } } } }
expect_reply "^error EINVAL: .+" set 2=str:zt0 8={ 1={ 9={ 1={ 4=u32:2 } } } }
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 8={ 1={ 9={ 1={ 4=u16:1 } } } }
expect_reply "^error (EINVAL|ERANGE): .+" set 2=str:zt0 8={ 1={ 4=zero:8 } }
expect_reply "^error EINVAL: .+" --dump get 77=u32:1

# Well-formed, but wrong in meaning.
pub=$(ztnet genkey | ztnet pubkey | base64 -d | od -An -tx1 | tr -d ' \n')
expect_reply "^error EINVAL: .*derived" set 2=str:zt0 4=hex:"$key32"
expect_reply "^error EINVAL: .*needs a public key" set 2=str:zt0 8={ 1={ 5=u16:25 } }
expect_reply "^error EINVAL: .*read-only" set 2=str:zt0 8={ 1={ 1=hex:"$pub" 7=u64:1 } }
expect_reply "^error EINVAL: .*endpoint" set 2=str:zt0 8={ 1={ 1=hex:"$pub" 4=zero:16 } }
expect_reply "^error EINVAL: .*disagree" set 2=str:zt0 8={ 1={ 1=hex:"$pub" 9={ 1={ 1=u16:2 2=zero:16 3=u8:24 } } } }
expect_reply "^error EINVAL: .*disagree" set 2=str:zt0 8={ 1={ 1=hex:"$pub" 9={ 1={ 1=u16:2 2=zero:4 3=u8:33 } } } }
expect_reply "^error EINVAL: .*needs family" set 2=str:zt0 8={ 1={ 1=hex:"$pub" 9={ 1={ 1=u16:2 3=u8:8 } } } }
# A good peer followed by a bad one: the good one must not be applied.
expect_reply "^error EINVAL: " set 2=str:zt0 8={ 1={ 1=hex:"$pub" } 2={ 1=hex:"$key32" 4=zero:16 } }

# Staging: a staged request changes nothing and goes with its socket (each
# nlsend is one); a commit that finds another number staged than it says
# changes nothing; an abort with nothing staged is no error.
expect_reply "^ok$" set 2=str:zt0 5=u32:2 8={ 1={ 1=hex:"$pub" } }
expect_reply "^error ESTALE: .*lost" set 2=str:zt0 9=u32:1 8={ 1={ 1=hex:"$pub" } }
expect_reply "^ok$" set 2=str:zt0 5=u32:4 8={ 1={ 1=hex:"$pub" } }

# GET_DEVICE is a dump only.
expect_reply "^error EOPNOTSUPP" get 2=str:zt0

# The requests that are valid succeed.
expect_reply "^ok$" set 2=str:zt0
expect_reply "^ok$" set 1=u32:"$ifindex" 2=str:zt0 5=u32:1
expect_reply "^ok$" set 2=str:zt0 3=hex:"$key32"
expect_reply "^ok$" --dump get 2=str:zt0

expect_eq "$(snapshot)" "$before" "configuration after the refused requests"
unload_ztnet
