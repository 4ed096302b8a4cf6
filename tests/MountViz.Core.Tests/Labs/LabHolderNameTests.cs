using MountViz.Core.Labs;

namespace MountViz.Core.Tests.Labs;

public sealed class LabHolderNameTests
{
    [Fact]
    public void A_holders_name_reads_back_as_its_lab_and_namespace()
    {
        string name = LabHolderName.Format("64fb769c", "web.1");

        Assert.Equal("mountviz-holder lab=64fb769c ns=web.1", name);
        Assert.True(LabHolderName.TryParse(name + " infinity", out string? labId, out string? ns));
        Assert.Equal("64fb769c", labId);
        Assert.Equal("web.1", ns);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sleep infinity")]
    [InlineData("mountviz-holder")]
    [InlineData("mountviz-holder lab= ns=base infinity")]
    [InlineData("mountviz-holder ns=base lab=64fb769c")]
    [InlineData("/usr/bin/mountviz-holder lab=64fb769c ns=base")]
    public void Any_other_command_is_not_a_holder(string? command) =>
        Assert.False(LabHolderName.TryParse(command, out _, out _));
}
