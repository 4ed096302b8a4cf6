namespace MountViz.Web.Components.Dashboard;

/// <summary>What the command line's Tab handler (client/src/commandline.ts) gets back.</summary>
/// <param name="Line">The line after completion.</param>
/// <param name="Caret">Where the caret goes.</param>
/// <param name="MoveFocus">Nothing (more) to complete: Tab moves focus on, as it does elsewhere.</param>
public sealed record CompletionReply(string Line, int Caret, bool MoveFocus);
