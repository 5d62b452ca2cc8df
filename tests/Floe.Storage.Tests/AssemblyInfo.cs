// The contract suite bounds the bytes allocated while a large blob streams through a store, and
// GC.GetTotalAllocatedBytes counts the whole process: another test class running alongside would
// add its allocations. Storage tests are I/O-bound anyway, so they run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
