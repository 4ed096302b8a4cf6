using MountViz.Core.Labs;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// An operation of the Operations panel starting or ending, for the page that draws the graph:
/// its lab's batches that arrive meanwhile belong to it, and its result says where it ran.
/// </summary>
/// <param name="SourceId">The lab namespace it runs in (<see cref="LabSourceId"/>).</param>
/// <param name="Done">False when it starts, true when it ended (ran, was refused, or was not run).</param>
/// <param name="Result">Its result once done; null while running or when it was not run (a line that does not parse, a lab that is gone).</param>
public sealed record OperationProgress(string SourceId, bool Done, OperationResult? Result);
