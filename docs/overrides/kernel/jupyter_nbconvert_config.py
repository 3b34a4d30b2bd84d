# nbconvert settings for executing the tutorials; tutorial_pages.py puts this folder on
# JUPYTER_CONFIG_PATH. mkdocs-jupyter replaces the ExecutePreprocessor section of this
# configuration, so the settings go to NotebookClient, the class ExecutePreprocessor extends.
import sys

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

# A cell that runs longer than this many seconds fails the build, naming the cell.
c.NotebookClient.timeout = 120
c.NotebookClient.startup_timeout = 60
# The timing record of each cell, which nbclient gives a cell just before running it, tells
# which cell was running when a kernel died (and how long each took).
c.NotebookClient.record_timing = True

# In a site build (the build's hooks are loaded): hand each notebook to the build before it
# runs, so that the build can keep its outputs; make each run of a cell's printed text one
# output however the kernel sent it, so that two builds make the same page; and talk to
# kernels with a client that does not wait idly for them to be ready (see docs/overrides/hooks/).
executed_notebooks = sys.modules.get("executed_notebooks")
if executed_notebooks is not None:
    c.NotebookClient.on_notebook_start = executed_notebooks.watch
    c.NotebookClient.on_cell_executed = executed_notebooks.join_streams
tutorial_kernels = sys.modules.get("tutorial_kernels")
if tutorial_kernels is not None:
    c.AsyncKernelManager.client_factory = tutorial_kernels.PromptKernelClient
