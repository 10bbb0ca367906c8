// npm run demo:exports [-- DIR]: writes the demo VPC as AWS CLI exports (default examples/demo-vpc), to
// try `eks-ip-capacity subnets analyze` and `POST /v1/subnets/analyze` offline.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demoNetwork } from '../test/support/demo-network.ts'

const dir = process.argv[2] ?? join('examples', 'demo-vpc')
const { subnets, networkInterfaces, reservations } = await demoNetwork()

mkdirSync(dir, { recursive: true })
const write = (name: string, value: unknown) =>
  writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`)
write('subnets.json', { Subnets: subnets })
write('network-interfaces.json', { NetworkInterfaces: networkInterfaces })
write('cidr-reservations.json', { SubnetIpv4CidrReservations: reservations, SubnetIpv6CidrReservations: [] })
console.log(`wrote ${dir}/subnets.json, network-interfaces.json, cidr-reservations.json`)
