package model

// EmailInviteWithError is one entry of a graceful email invitation answer: the address and
// why it was not invited (null when it was).
type EmailInviteWithError struct {
	Email string    `json:"email"`
	Error *AppError `json:"error"`
}
