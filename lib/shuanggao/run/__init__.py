"""The runner (`shuanggao build`): `plan` (what to execute, pure), `execute` (papermill in worker processes,
`kernels` over IPC sockets), `assets` (browser packages from npm), `assemble` (stage the sources, build with
Jupyter Book, swap the site in), and `builder`, which orchestrates them."""
