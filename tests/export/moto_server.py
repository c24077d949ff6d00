"""moto's server for the round trip (tests/export/moto.rs), with one gap of moto 5.2.5 patched.

Run with the test environment's Python, with moto_server's arguments:

    .venv-test/bin/python tests/export/moto_server.py -H 127.0.0.1 -p PORT

The gap: `moto/ec2/models/security_groups.py`, `SecurityGroupBackend._add_source_group`, looks
the `GroupId` of a `UserIdGroupPairs` item up in the caller's own account and region only, and
raises `InvalidSecurityGroupNotFoundError` when it is not there. AWS accepts an item naming
another account's group by its `UserId` and `GroupId` (a group across a VPC peering), and
describe-security-groups / describe-security-group-rules then show the pair with that account's
`UserId` (`ReferencedGroupInfo` in the rules). moto stores the item as given and shows it as
stored, so only the lookup is patched: an item whose `UserId` is another account has its
`GroupId` looked up in that account's backend of the same region (`ec2_backends[account]
[region]`, `moto/ec2/models/__init__.py`), and is refused as before when it is not there either.
Every other item, and everything else of moto, is left to moto.
"""

import sys

from moto.ec2.exceptions import InvalidSecurityGroupNotFoundError
from moto.ec2.models import ec2_backends
from moto.ec2.models.security_groups import SecurityGroupBackend
from moto.server import main

_own_account_lookup = SecurityGroupBackend._add_source_group


def _add_source_group(self, source_groups, vpc_id):
    """moto's `_add_source_group` for the items of the caller's account; an item naming another
    account's group by `UserId` and `GroupId` is checked against that account and kept as is."""
    kept = []
    for item in source_groups or []:
        user = item.get("UserId")
        if user and user != self.account_id and "GroupId" in item:
            peer = ec2_backends[user][self.region_name]
            if peer.get_security_group_from_id(item["GroupId"]) is None:
                raise InvalidSecurityGroupNotFoundError(item["GroupId"])
            item.setdefault("OwnerId", self.account_id)
            kept.append(item)
        else:
            kept.extend(_own_account_lookup(self, [item], vpc_id))
    return kept


SecurityGroupBackend._add_source_group = _add_source_group

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
