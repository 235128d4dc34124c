// A page waiting for background work (an agenda pack being built, a PDF being
// made): ask how far it has got every two seconds, say so in the live region, and
// load the page again, with the result, when nothing is left in progress.
const region = document.getElementById('progress')

async function poll () {
  const response = await fetch(region.dataset.progressUrl, { headers: { Accept: 'application/json' } })
  if (!response.ok) return
  const { building } = await response.json()
  if (building.length === 0) {
    window.location.reload()
    return
  }
  region.replaceChildren(...building.map(item => {
    const line = document.createElement('p')
    line.className = 'govuk-body'
    line.textContent = `${item.label}: ${item.stage} (${item.progress}% done).`
    return line
  }))
  window.setTimeout(poll, 2000)
}

if (region && !region.hidden) {
  window.setTimeout(poll, 2000)
}
