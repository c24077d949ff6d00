"""The same world built in moto: the first N commands of an `sgs gen` session, made as the AWS
calls they stand for, with boto3 against moto's in-process `mock_aws` (as a user scripts moto).

    python3 benches/moto/setup.py gen.sgs 1500

Supports the commands `sgs gen` writes: create vpc, create subnet, create group, authorize
ingress (a CIDR or a group as the peer), launch. Prints the number of calls made.
"""

import sys

import boto3
from moto import mock_aws


def main(path: str, limit: int) -> int:
    lines = [l.split() for l in open(path) if l.strip() and not l.startswith("#")]
    lines = lines[:limit]
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        vpcs, subnets, groups = {}, {}, {}
        calls = 0
        for w in lines:
            if w[:2] == ["create", "vpc"]:
                vpcs[w[2]] = ec2.create_vpc(CidrBlock=w[3])["Vpc"]["VpcId"]
            elif w[:2] == ["create", "subnet"]:
                vpc = vpcs[w[4]]
                subnets[f"{w[4]}/{w[2]}"] = ec2.create_subnet(VpcId=vpc, CidrBlock=w[5])[
                    "Subnet"
                ]["SubnetId"]
            elif w[:2] == ["create", "group"]:
                # create group NAME "DESCRIPTION…" in VPC
                vpc = vpcs[w[-1]]
                groups[w[2]] = ec2.create_security_group(
                    GroupName=w[2], Description="generated", VpcId=vpc
                )["GroupId"]
            elif w[:3] == ["authorize", "ingress", "tcp"]:
                # authorize ingress tcp PORT from PEER to GROUP
                port, peer, group = int(w[3]), w[5], w[7]
                perm = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
                if peer in groups:
                    perm["UserIdGroupPairs"] = [{"GroupId": groups[peer]}]
                else:
                    perm["IpRanges"] = [{"CidrIp": peer}]
                ec2.authorize_security_group_ingress(GroupId=groups[group], IpPermissions=[perm])
            elif w[0] == "launch":
                # launch NAME in VPC/SUBNET groups G1, G2
                ids = [groups[g.strip(",")] for g in w[5:]]
                ec2.run_instances(
                    ImageId="ami-12c6146b",
                    MinCount=1,
                    MaxCount=1,
                    SubnetId=subnets[w[3]],
                    SecurityGroupIds=ids,
                )
            else:
                raise SystemExit(f"not a command this script knows: {' '.join(w)}")
            calls += 1
    print(calls)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1500))
