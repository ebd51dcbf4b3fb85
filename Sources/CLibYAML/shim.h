#ifndef TOKENCTL_CLIBYAML_SHIM_H
#define TOKENCTL_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
