module rmnames

go 1.19
