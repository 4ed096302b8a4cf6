namespace MountViz.Core.Labs;

/// <summary>An operation was recorded in a lab's history (<see cref="ILabOperations.HistoryChanged"/>).</summary>
/// <param name="LabId">The lab.</param>
/// <param name="Record">The new entry.</param>
public sealed record LabHistoryEvent(string LabId, OperationRecord Record);
