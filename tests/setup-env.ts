// Every test process: the Alibaba default credential chain must never try the ECS metadata address
// (100.100.100.200), and child processes (provider hosts, the CLI) inherit this environment.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
