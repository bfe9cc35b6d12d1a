// Command stamp prints version.String(), for TestStamp.
package main

import (
	"fmt"

	"github.com/wflint/wflint/internal/version"
)

func main() { fmt.Print(version.String()) }
