"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Role } from "@/generated/prisma/enums";
import { useTRPC } from "@/trpc/client";

const roles: Role[] = ["CUSTOMER", "STAFF", "ADMIN"];

/** Users and roles: change a role or deactivate; either signs that user out everywhere. */
export function UsersTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const users = useInfiniteQuery(
    trpc.admin.users.list.infiniteQueryOptions({ limit: 50, search: search || undefined }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const onSettled = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
  const report = {
    onSuccess: (user: { email: string; role: Role; active: boolean }) =>
      setMessage({ kind: "ok", text: `${user.email} is now ${user.active ? user.role.toLowerCase() : "deactivated"}.` }),
    onError: (error: { message: string }) => setMessage({ kind: "error", text: error.message }),
    onSettled,
  };
  const setRole = useMutation(trpc.admin.users.setRole.mutationOptions(report));
  const setActive = useMutation(trpc.admin.users.setActive.mutationOptions(report));
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <div className="search">
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input
          id="user-search"
          type="search"
          placeholder="Search by email or name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {message ? (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error" : "notice"}>
          {message.text}
        </p>
      ) : null}
      {users.isPending ? <p className="status">Loading users…</p> : null}
      {users.error ? <p className="error">{users.error.message}</p> : null}
      {users.isSuccess && items.length === 0 ? <p className="status">No users match.</p> : null}
      {items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((user) => (
              <tr key={user.id} data-testid={`user-${user.email}`}>
                <td>{user.email}</td>
                <td>{user.name}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                    Role of {user.email}
                  </label>
                  <select
                    id={`role-${user.id}`}
                    value={user.role}
                    disabled={setRole.isPending}
                    onChange={(e) => setRole.mutate({ userId: user.id, role: e.target.value as Role })}
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {role.toLowerCase()}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {user.active ? "active" : "deactivated"}{" "}
                  <button
                    type="button"
                    className="small"
                    disabled={setActive.isPending}
                    onClick={() => setActive.mutate({ userId: user.id, active: !user.active })}
                  >
                    {user.active ? "Deactivate" : "Reactivate"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {users.hasNextPage ? (
        <div className="more">
          <button type="button" onClick={() => users.fetchNextPage()} disabled={users.isFetchingNextPage}>
            Load more
          </button>
        </div>
      ) : null}
    </section>
  );
}
