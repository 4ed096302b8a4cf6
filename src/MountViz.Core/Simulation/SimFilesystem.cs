namespace MountViz.Core.Simulation;

/// <summary>
/// A superblock: what a bind copies and what peers share. Known ones are identified by their
/// device; one the operation creates has no device yet (the kernel picks it).
/// </summary>
internal sealed record SimFilesystem(uint? Major, uint? Minor, string FsType, string Source, string SuperOptions);
