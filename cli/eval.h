// protokoll eval: accuracy of the pipeline on a labelled corpus (see eval.cc).
#ifndef PROTOKOLL_CLI_EVAL_H_
#define PROTOKOLL_CLI_EVAL_H_

#include <string>

namespace protokoll::cli {

// Returns 0 (all at or above the floors), 1 (below a floor) or 2 (could not run).
int RunEval(const std::string& corpus_dir, const std::string& db, const std::string& floors_path,
            int jobs);

}  // namespace protokoll::cli

#endif  // PROTOKOLL_CLI_EVAL_H_
