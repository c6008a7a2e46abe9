package model

// Ping is the body of GET /system/ping.
type Ping struct {
	Status               string `json:"status"`
	AndroidLatestVersion string `json:"AndroidLatestVersion"`
	AndroidMinVersion    string `json:"AndroidMinVersion"`
	IosLatestVersion     string `json:"IosLatestVersion"`
	IosMinVersion        string `json:"IosMinVersion"`
	ActiveSearchBackend  string `json:"ActiveSearchBackend"`
	DatabaseStatus       string `json:"database_status,omitempty"`
	FilestoreStatus      string `json:"filestore_status,omitempty"`
}
