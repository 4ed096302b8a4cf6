// Kernel tests run one collection at a time: namespace inode numbers are reused at once, so a
// collection's leftover checks would otherwise see another collection's live namespaces.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
