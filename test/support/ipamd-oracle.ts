// A port of the VPC CNI's IPv4 pool manager, written from aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go and
// pkg/ipamd/datastore/data_store.go, to judge lib/domain/ipamd-pool.ts. It keeps ENIs, their /32 or /28
// CIDRs and the pods in each, and calls the same decisions in the same order as ipamd; the project's model
// only counts. Function names below are ipamd's. Time is reduced to one rule: an ENI attached in a pass is
// "too young" to free (minENILifeTime, a minute) until the pods waiting for an address have had it; addresses
// in cooldown and the 30 s between decreases only delay the state reached here.
// ipamd walks Go maps, whose order is random; this port walks ENIs and CIDRs oldest first when assigning
// and allocating and newest first when freeing: the compact state the project's docs tables assume.

const IPS_PER_PREFIX = 16

export interface IpamdConfig {
  /** ENIs on the default network card, and MAX_ENI when set (getMaxENI takes the smaller). */
  instanceMaxEnis: number
  maxEniSetting?: number
  /** IPv4 addresses per ENI; GetENIIPv4Limit subtracts the primary. */
  ipv4PerEni: number
  prefixDelegation: boolean
  customNetworking: boolean
  /** Security groups for pods on a trunking-compatible type: a trunk ENI is attached. */
  trunk: boolean
  /** Unset variables take getWarmENITarget / getWarmIPTarget / getMinimumIPTarget / getWarmPrefixTarget defaults. */
  warmEniTarget?: number
  warmIpTarget?: number
  minimumIpTarget?: number
  warmPrefixTarget?: number
  /** c.maxPods: the node's pod capacity (kubelet maxPods). */
  maxPods: number
}

interface Cidr {
  size: number
  assigned: number
}
interface Eni {
  primary: boolean
  trunk: boolean
  young: boolean
  cidrs: Cidr[]
}

export interface OracleResult {
  /** ENIs holding pod addresses: the primary unless custom networking, never the trunk. */
  enis: number
  cidrs: number
  addresses: number
  assignedPods: number
  podsWithoutAddress: number
  oscillates: boolean
}

export class IpamdOracle {
  private readonly enis: Eni[] = []
  private pending = 0
  private readonly maxENI: number
  private readonly maxIPsPerENI: number
  private readonly maxPrefixesPerENI: number
  private readonly warmENITarget: number
  private readonly warmIPTarget: number
  private readonly minimumIPTarget: number
  private readonly warmPrefixTarget: number

  constructor(private readonly config: IpamdConfig) {
    const limit = config.instanceMaxEnis
    this.maxENI =
      config.maxEniSetting !== undefined && config.maxEniSetting < limit ? config.maxEniSetting : limit
    // GetIPv4Limit: in prefix mode each of the ENI's secondary slots holds a /28.
    this.maxPrefixesPerENI = config.prefixDelegation ? config.ipv4PerEni - 1 : 0
    this.maxIPsPerENI = config.prefixDelegation
      ? this.maxPrefixesPerENI * IPS_PER_PREFIX
      : config.ipv4PerEni - 1
    this.warmENITarget = config.warmEniTarget ?? 1 // defaultWarmENITarget
    this.warmIPTarget = config.warmIpTarget ?? 0 // noWarmIPTarget
    this.minimumIPTarget = config.minimumIpTarget ?? 0 // noMinimumIPTarget
    this.warmPrefixTarget = config.warmPrefixTarget ?? 0 // defaultWarmPrefixTarget (the manifest sets 1)
    this.enis.push({ primary: true, trunk: false, young: false, cidrs: [] })
    // The VPC resource controller attaches the trunk ENI once ipamd reports room for it.
    if (config.trunk) this.enis.push({ primary: false, trunk: true, young: false, cidrs: [] })
  }

  /** nodeInit → handlePreScaling, then pods one at a time with the pool manager settling in between. */
  run(pods: number): OracleResult {
    const stats = this.getIPStats()
    if (this.isDatastorePoolTooLow(stats)) this.increaseDatastorePool()
    let oscillates = this.settle()
    for (let pod = 0; pod < pods; pod++) {
      this.pending++
      this.assignPending()
      oscillates = this.settle()
    }
    return this.result(oscillates)
  }

  private result(oscillates: boolean): OracleResult {
    const podEnis = this.enis.filter((eni) => !eni.trunk && !(eni.primary && this.config.customNetworking))
    const cidrs = this.enis.flatMap((eni) => eni.cidrs)
    const assignedPods = cidrs.reduce((sum, cidr) => sum + cidr.assigned, 0)
    return {
      enis: podEnis.length,
      cidrs: cidrs.length,
      addresses: cidrs.reduce((sum, cidr) => sum + cidr.size, 0),
      assignedPods,
      podsWithoutAddress: this.pending,
      oscillates,
    }
  }

  /** StartNodeIPPoolManager's loop until nothing changes; a state seen before is a cycle: keep its largest. */
  private settle(): boolean {
    const seen = new Map<string, number>()
    let key = this.snapshot()
    for (let pass = 0; pass < 100_000; pass++) {
      seen.set(key, pass)
      this.pass()
      const next = this.snapshot()
      if (next === key) return false
      if (seen.has(next)) {
        this.restoreLargestOfCycle(next)
        return true
      }
      key = next
    }
    throw new Error('ipamd oracle: no steady state after 100,000 passes')
  }

  /** One pool-manager pass; kubelet then retries the pods whose sandbox got no address, and ENIs age. */
  private pass() {
    this.updateIPPoolIfRequired()
    this.assignPending()
    for (const eni of this.enis) eni.young = false
  }

  private snapshot(): string {
    return JSON.stringify([this.enis, this.pending])
  }

  private restoreLargestOfCycle(start: string) {
    let largest = start
    let state = start
    do {
      this.restore(state)
      this.pass()
      state = this.snapshot()
      if (this.addressesOf(state) > this.addressesOf(largest)) largest = state
    } while (state !== start)
    this.restore(largest)
  }

  private addressesOf(state: string): number {
    const [enis] = JSON.parse(state) as [Eni[], number]
    return enis.flatMap((eni) => eni.cidrs).reduce((sum, cidr) => sum + cidr.size, 0)
  }

  private restore(state: string) {
    const [enis, pending] = JSON.parse(state) as [Eni[], number]
    this.enis.splice(0, this.enis.length, ...enis)
    this.pending = pending
  }

  // --- datastore (pkg/ipamd/datastore/data_store.go) ---

  /** AssignPodIPv4Address: the first ENI and CIDR with a free address; none is ErrNoAvailableIPInDataStore. */
  private assignPending() {
    while (this.pending > 0) {
      const cidr = this.enis
        .flatMap((eni) => eni.cidrs)
        .find((candidate) => candidate.assigned < candidate.size)
      if (!cidr) return
      cidr.assigned++
      this.pending--
    }
  }

  private getIPStats() {
    const cidrs = this.enis.flatMap((eni) => eni.cidrs)
    return {
      TotalIPs: cidrs.reduce((sum, cidr) => sum + cidr.size, 0),
      TotalPrefixes: this.config.prefixDelegation ? cidrs.length : 0,
      AssignedIPs: cidrs.reduce((sum, cidr) => sum + cidr.assigned, 0),
    }
  }

  private GetFreePrefixes(): number {
    return this.enis.flatMap((eni) => eni.cidrs).filter((cidr) => cidr.assigned === 0).length
  }

  private GetAllocatableENIs(max: number): Eni[] {
    return this.enis.filter(
      (eni) => !(this.config.customNetworking && eni.primary) && !eni.trunk && eni.cidrs.length < max,
    )
  }

  private getDeletableENI(): Eni | undefined {
    const newestFirst = [...this.enis].reverse()
    return newestFirst.find((eni) => {
      if (eni.primary || eni.young || eni.cidrs.some((cidr) => cidr.assigned > 0)) return false
      if (this.warmIPTargetOf() !== 0 && this.isRequiredForWarmIPTarget(eni)) return false
      if (this.minimumIPTargetOf() !== 0 && this.isRequiredForMinimumIPTarget(eni)) return false
      if (
        this.config.prefixDelegation &&
        this.warmPrefixTarget !== 0 &&
        this.isRequiredForWarmPrefixTarget(eni)
      )
        return false
      return !eni.trunk
    })
  }

  private others(eni: Eni): Cidr[] {
    return this.enis.filter((other) => other !== eni).flatMap((other) => other.cidrs)
  }

  private isRequiredForWarmIPTarget(eni: Eni): boolean {
    const otherWarm = this.others(eni).reduce((sum, cidr) => sum + cidr.size - cidr.assigned, 0)
    const target = this.config.prefixDelegation
      ? Math.ceil(this.warmIPTarget / IPS_PER_PREFIX) * IPS_PER_PREFIX
      : this.warmIPTarget
    return otherWarm < target
  }

  private isRequiredForMinimumIPTarget(eni: Eni): boolean {
    const otherTotal = this.others(eni).reduce((sum, cidr) => sum + cidr.size, 0)
    const target = this.config.prefixDelegation
      ? Math.ceil(this.minimumIPTarget / IPS_PER_PREFIX) * IPS_PER_PREFIX
      : this.minimumIPTarget
    return otherTotal < target
  }

  private isRequiredForWarmPrefixTarget(eni: Eni): boolean {
    return this.others(eni).filter((cidr) => cidr.assigned === 0).length < this.warmPrefixTarget
  }

  private CheckFreeableENIexists(): boolean {
    return this.enis.some(
      (eni) => !eni.primary && !eni.trunk && eni.cidrs.every((cidr) => cidr.assigned === 0),
    )
  }

  // --- ipamd (pkg/ipamd/ipamd.go) ---

  private warmIPTargetsDefined(): boolean {
    return this.warmIPTarget !== 0 || this.minimumIPTarget !== 0
  }
  private warmIPTargetOf() {
    return this.warmIPTarget
  }
  private minimumIPTargetOf() {
    return this.minimumIPTarget
  }
  private warmPrefixTargetDefined(): boolean {
    return this.warmPrefixTarget >= 0 && this.config.prefixDelegation
  }

  private updateIPPoolIfRequired() {
    const stats = this.getIPStats()
    if (this.isDatastorePoolTooLow(stats)) this.increaseDatastorePool()
    else if (this.isDatastorePoolTooHigh(stats)) this.tryUnassignCidrsFromAll()
    if (this.shouldRemoveExtraENIs(stats)) this.tryFreeENI()
  }

  private isDatastorePoolTooLow(stats: ReturnType<IpamdOracle['getIPStats']>): boolean {
    let warmTarget = this.warmENITarget
    let totalIPs = this.maxIPsPerENI
    if (this.config.prefixDelegation) {
      warmTarget = this.warmPrefixTarget
      totalIPs = IPS_PER_PREFIX
    }
    if (stats.TotalIPs >= this.config.maxPods) return false
    const { short, enabled } = this.datastoreTargetState(stats)
    if (enabled) return short > 0
    const available = stats.TotalIPs - stats.AssignedIPs
    return available < totalIPs * warmTarget || (warmTarget === 0 && available === 0)
  }

  private datastoreTargetState(stats = this.getIPStats()): { short: number; over: number; enabled: boolean } {
    if (!this.warmIPTargetsDefined()) return { short: 0, over: 0, enabled: false }
    const available = stats.TotalIPs - stats.AssignedIPs
    let short = Math.max(this.warmIPTarget - available, 0)
    short = Math.max(short, this.minimumIPTarget - stats.TotalIPs)
    let over = Math.max(available - this.warmIPTarget, 0)
    over = Math.max(Math.min(over, stats.TotalIPs - this.minimumIPTarget), 0)
    if (this.config.prefixDelegation) {
      const shortPrefix = Math.ceil(short / IPS_PER_PREFIX)
      const prefixNeededForWarmIP = Math.ceil((stats.AssignedIPs + this.warmIPTarget) / IPS_PER_PREFIX)
      const prefixNeededForMinIP = Math.ceil(this.minimumIPTarget / IPS_PER_PREFIX)
      let overPrefix = Math.max(
        Math.min(this.GetFreePrefixes(), stats.TotalPrefixes - prefixNeededForWarmIP),
        0,
      )
      overPrefix = Math.max(Math.min(overPrefix, stats.TotalPrefixes - prefixNeededForMinIP), 0)
      return { short: shortPrefix, over: overPrefix, enabled: true }
    }
    return { short, over, enabled: true }
  }

  private getPrefixesNeeded(): number {
    let toAllocate = 1
    const { short, enabled } = this.datastoreTargetState()
    if (enabled) toAllocate = Math.max(toAllocate, short)
    else if (this.warmPrefixTargetDefined())
      toAllocate = Math.max(toAllocate, Math.max(this.warmPrefixTarget - this.GetFreePrefixes(), 0))
    return toAllocate
  }

  private increaseDatastorePool() {
    const increased = this.config.prefixDelegation ? this.tryAssignPrefixes() : this.tryAssignIPs()
    if (!increased && this.hasRoomForEni()) this.tryAllocateENI()
  }

  private tryAssignIPs(): boolean {
    const { short, enabled } = this.datastoreTargetState()
    if (enabled && short === 0) return false
    const toAllocate = enabled ? short : this.maxIPsPerENI
    const eni = this.GetAllocatableENIs(this.maxIPsPerENI)[0]
    if (!eni) return false
    this.addCidrs(eni, Math.min(this.maxIPsPerENI - eni.cidrs.length, toAllocate), 1)
    return true
  }

  private tryAssignPrefixes(): boolean {
    const toAllocate = this.getPrefixesNeeded()
    const eni = this.GetAllocatableENIs(this.maxPrefixesPerENI)[0]
    if (!eni) return false
    this.addCidrs(eni, Math.min(this.maxPrefixesPerENI - eni.cidrs.length, toAllocate), IPS_PER_PREFIX)
    return true
  }

  private hasRoomForEni(): boolean {
    // The trunk, once attached, is one of the ENIs counted; before that ipamd keeps a slot for it.
    return this.enis.length < this.maxENI
  }

  private GetENIResourcesToAllocate(): number {
    if (this.config.prefixDelegation) return Math.min(this.getPrefixesNeeded(), this.maxPrefixesPerENI)
    const { short, enabled } = this.datastoreTargetState()
    return enabled ? Math.min(short, this.maxIPsPerENI) : this.maxIPsPerENI
  }

  private tryAllocateENI() {
    const resources = this.GetENIResourcesToAllocate()
    if (resources <= 0) return
    const eni: Eni = { primary: false, trunk: false, young: true, cidrs: [] }
    this.enis.push(eni)
    this.addCidrs(eni, resources, this.config.prefixDelegation ? IPS_PER_PREFIX : 1)
  }

  private addCidrs(eni: Eni, count: number, size: number) {
    for (let n = 0; n < count; n++) eni.cidrs.push({ size, assigned: 0 })
  }

  private isDatastorePoolTooHigh(stats: ReturnType<IpamdOracle['getIPStats']>): boolean {
    const { over, enabled } = this.datastoreTargetState(stats)
    if (enabled) return over > 0
    if (this.warmPrefixTargetDefined()) return this.GetFreePrefixes() > this.warmPrefixTarget
    return false
  }

  private tryUnassignCidrsFromAll() {
    let { over, enabled } = this.datastoreTargetState()
    if (!enabled) over = this.computeExtraPrefixesOverWarmTarget()
    for (const eni of [...this.enis].reverse()) {
      if (over <= 0) return
      const freeable = eni.cidrs.filter((cidr) => cidr.assigned === 0).reverse()
      const freed = freeable.slice(0, Math.min(over, freeable.length))
      eni.cidrs = eni.cidrs.filter((cidr) => !freed.includes(cidr))
      over -= freed.length
    }
  }

  private computeExtraPrefixesOverWarmTarget(): number {
    if (!this.warmPrefixTargetDefined()) return 0
    return Math.max(this.GetFreePrefixes() - this.warmPrefixTarget, 0)
  }

  private shouldRemoveExtraENIs(stats: ReturnType<IpamdOracle['getIPStats']>): boolean {
    if (this.warmIPTargetsDefined()) return true
    const available = stats.TotalIPs - stats.AssignedIPs
    const warmTarget = (this.config.prefixDelegation ? this.warmPrefixTarget : this.warmENITarget) + 1
    if (available >= warmTarget * this.maxIPsPerENI) return true
    return this.config.prefixDelegation && this.CheckFreeableENIexists()
  }

  private tryFreeENI() {
    const eni = this.getDeletableENI()
    if (eni) this.enis.splice(this.enis.indexOf(eni), 1)
  }
}
