#ifndef TRAINYARD_PROCESS_CONTROL_H
#define TRAINYARD_PROCESS_CONTROL_H

/// Asks the kernel to send SIGKILL to this process when its parent dies (Linux prctl PR_SET_PDEATHSIG).
/// Returns 0 on success, -1 where unsupported or on failure.
int trainyard_kill_with_parent(void);

#endif
