namespace MountViz.Web.Cli;

/// <summary>One difference between the simulator's prediction and the kernel, in the JSON output.</summary>
/// <param name="Step">The step number (0: the setup).</param>
/// <param name="Namespace">The namespace the command ran in.</param>
/// <param name="Command">The command as the lab ran it.</param>
/// <param name="Finding">The difference, as a sentence.</param>
internal sealed record ScenarioFindingDto(int Step, string Namespace, string Command, string Finding);
