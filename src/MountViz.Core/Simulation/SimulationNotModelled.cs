namespace MountViz.Core.Simulation;

/// <summary>The operation (or the state it meets) is outside what the simulator models.</summary>
internal sealed class SimulationNotModelled(string reason) : Exception(reason);
